import { html } from 'htm/preact'
import { useEffect, useState } from 'preact/hooks'
import { type BuildRow, getJson, poll } from '../api.js'
import { type Ctx, errorText } from '../context.js'

const POLL_MS = 1000

const seconds = (j: BuildRow, now: number): string => `${(((j.finished ?? now) - j.received) / 1000).toFixed(1)} s`

/** The jobs of the open project (or of the universe), live; a job's log streams while it runs. */
export function Builds({ ctx }: { ctx: Ctx }) {
  const [jobs, setJobs] = useState<BuildRow[]>([])
  const [now, setNow] = useState(Date.now())
  const [job, setJob] = useState('')
  const [error, setError] = useState('')
  const project = ctx.workspace?.project.name
  useEffect(() => {
    const stop = new AbortController()
    const q = project === undefined ? '' : `?project=${encodeURIComponent(project)}`
    poll(
      POLL_MS,
      stop.signal,
      async () => {
        setJobs((await getJson<{ jobs: BuildRow[] }>(`/builds/${encodeURIComponent(ctx.universe)}${q}`)).jobs)
        setNow(Date.now())
        setError('')
      },
      e => setError(errorText(e))
    )
    return () => stop.abort()
  }, [ctx.universe, project])
  return html`
    <h1>Builds ${project === undefined ? null : html`<small>of ${project}</small>`}</h1>
    ${error === '' ? null : html`<p role="alert" class="error">${error}</p>`}
    <table aria-label="Jobs">
      <thead><tr><th>Job</th><th>Type</th><th>Repository</th><th>Status</th><th>Duration</th><th>Commit</th>
        <th>Received</th><th></th></tr></thead>
      <tbody>
        ${jobs.map(
          j => html`<tr data-job=${j.id} data-type=${j.type} data-status=${j.status}
            data-commit=${j.commit.slice(0, 7)}>
            <td><code>${j.id.slice(0, 12)}</code></td><td>${j.type}</td><td>${j.repo}</td>
            <td class=${`status ${j.status}`}>${j.status}</td><td>${seconds(j, now)}</td>
            <td><code>${j.commit.slice(0, 7)}</code></td><td>${new Date(j.received).toLocaleTimeString()}</td>
            <td><button onClick=${() => setJob(j.id)} aria-label=${`Log of ${j.id}`}>Log</button></td>
          </tr>`
        )}
      </tbody>
    </table>
    ${job === '' ? null : html`<${JobLog} universe=${ctx.universe} job=${job} />`}
  `
}

/** A job's log from the daemon's server-sent events: the lines so far, then each new one until the job ends. */
function JobLog({ universe, job }: { universe: string; job: string }) {
  const [lines, setLines] = useState<string[]>([])
  const [state, setState] = useState('streaming')
  useEffect(() => {
    setLines([])
    setState('streaming')
    const es = new EventSource(`/stream/job/${encodeURIComponent(universe)}/${encodeURIComponent(job)}`)
    es.addEventListener('line', e => {
      const { line } = JSON.parse((e as MessageEvent<string>).data) as { line: string }
      setLines(ls => [...ls, line])
    })
    es.addEventListener('end', e => {
      const end = JSON.parse((e as MessageEvent<string>).data) as { job: BuildRow }
      setState(end.job.status)
      es.close()
    })
    es.addEventListener('error', e => {
      const data = (e as MessageEvent<string>).data
      setState(data === undefined ? 'disconnected' : (JSON.parse(data) as { error: { message: string } }).error.message)
      es.close()
    })
    return () => es.close()
  }, [job])
  return html`<section aria-label="Job log"><h2>Log of <code>${job}</code> <small>(${state})</small></h2>
    <pre class="log">${lines.join('\n')}</pre></section>`
}
