import type { BuildRow } from '../../api/job-rows.js'
import { DreamError } from '../../shared/errors.js'
import type { ApiClient } from '../api-client.js'
import { json, line, type Io } from '../output.js'
import { sseEvents, streamError } from '../sse-client.js'

interface JobLogOptions {
  universe: string
  project?: string
  json?: boolean
  follow?: boolean
}

const exitOf = (row: BuildRow): number => (row.status === 'succeeded' ? 0 : 1)
const query = (o: { project?: string }): string =>
  o.project !== undefined ? `?project=${encodeURIComponent(o.project)}` : ''

/**
 * `dream logs <job>`: the stored log of a job (id, unique prefix or `latest`); with -f it follows the job live
 * until it ends. Exit code: 0 when the job succeeded, 1 otherwise.
 */
export async function jobLogs(io: Io, api: ApiClient, ref: string, o: JobLogOptions): Promise<number> {
  if (o.follow === true) return await followJob(io, api, ref, o)
  const u = encodeURIComponent(o.universe)
  const { job } = await api.get<{ job: BuildRow }>(`/job/${u}/${encodeURIComponent(ref)}${query(o)}`)
  const text = await api.get<unknown>(`/logs/${u}/${encodeURIComponent(job.id)}`)
  const log = typeof text === 'string' ? text : JSON.stringify(text)
  if (o.json === true) json(io, { job, log: log.split('\n').filter(l => l !== '') })
  else io.out.write(log.endsWith('\n') ? log : `${log}\n`)
  return exitOf(job)
}

async function followJob(io: Io, api: ApiClient, ref: string, o: JobLogOptions): Promise<number> {
  const abort = new AbortController()
  const stop = (): void => {
    abort.abort()
  }
  process.once('SIGINT', stop)
  const lines: string[] = []
  let job: BuildRow | undefined
  let ended = false
  try {
    const path = `/stream/job/${encodeURIComponent(o.universe)}/${encodeURIComponent(ref)}${query(o)}`
    for await (const ev of sseEvents(api.base, path, abort.signal)) {
      if (ev.event === 'job') {
        job = ev.data as BuildRow
        if (o.json !== true)
          io.err.write(`following job ${job.id} (${job.type}, ${job.project}) at ${job.commit.slice(0, 7)}\n`)
      } else if (ev.event === 'line') {
        const l = (ev.data as { line: string }).line
        if (o.json === true) lines.push(l)
        else line(io, l)
      } else if (ev.event === 'end') {
        job = (ev.data as { job: BuildRow }).job
        ended = true
      } else if (ev.event === 'error') throw streamError(ev.data)
    }
  } finally {
    process.off('SIGINT', stop)
  }
  if (!ended || job === undefined) {
    if (abort.signal.aborted) return 130
    throw new DreamError(
      'STREAM_ENDED',
      'the daemon closed the log stream before the job ended (did the dream stop?)',
      { expose: true }
    )
  }
  if (o.json === true) json(io, { job, log: lines })
  else io.err.write(`job ${job.id} ${job.status}\n`)
  return exitOf(job)
}

/** `dream logs -f --function <name|all>`: function log lines as they are written, until Ctrl-C. */
export async function followFunctionLogs(
  io: Io,
  api: ApiClient,
  o: { universe: string; function?: string; json?: boolean }
): Promise<number> {
  const abort = new AbortController()
  const stop = (): void => {
    abort.abort()
  }
  process.once('SIGINT', stop)
  process.once('SIGTERM', stop)
  try {
    const q = o.function !== undefined ? `?function=${encodeURIComponent(o.function)}` : ''
    for await (const ev of sseEvents(
      api.base,
      `/stream/function-logs/${encodeURIComponent(o.universe)}${q}`,
      abort.signal
    )) {
      if (ev.event === 'error') throw streamError(ev.data)
      if (ev.event !== 'line') continue
      const l = ev.data as { at: number; function: string; line: string }
      // A stream that never ends cannot be one JSON document: one document per line instead.
      if (o.json === true) io.out.write(`${JSON.stringify(l)}\n`)
      else line(io, `${new Date(l.at).toISOString()} ${l.function}: ${l.line}`)
    }
  } finally {
    process.off('SIGINT', stop)
    process.off('SIGTERM', stop)
  }
  return 0
}
