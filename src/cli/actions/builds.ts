import type { BuildRow } from '../../api/pipeline-routes.js'
import type { ApiClient } from '../api-client.js'
import { json, line, listTable, type Io } from '../output.js'

export async function builds(
  io: Io,
  api: ApiClient,
  o: { universe: string; project?: string; json?: boolean }
): Promise<void> {
  const q = o.project !== undefined ? `?project=${encodeURIComponent(o.project)}` : ''
  const { jobs } = await api.get<{ jobs: BuildRow[] }>(`/builds/${encodeURIComponent(o.universe)}${q}`)
  if (o.json === true) {
    json(io, { jobs })
    return
  }
  if (jobs.length === 0) {
    line(io, 'no builds yet; push to a repository or run `dream inject push-all`')
    return
  }
  line(
    io,
    listTable(
      ['job', 'project', 'repo', 'type', 'commit', 'status', 'duration'],
      jobs.map(j => [
        j.id,
        j.project,
        j.repo,
        j.type,
        j.commit.slice(0, 7),
        j.status,
        j.finished !== undefined ? `${((j.finished - j.received) / 1000).toFixed(1)} s` : '-'
      ])
    )
  )
}

/** What functions wrote through `env._log` (and their errors), from every substrate of the universe. */
export async function functionLogs(
  io: Io,
  api: ApiClient,
  o: { universe: string; function?: string; json?: boolean }
): Promise<void> {
  const q = o.function !== undefined ? `?function=${encodeURIComponent(o.function)}` : ''
  const { logs } = await api.get<{ logs: Array<{ at: number; function: string; line: string; node: string }> }>(
    `/function-logs/${encodeURIComponent(o.universe)}${q}`
  )
  if (o.json === true) {
    json(io, { logs })
    return
  }
  if (logs.length === 0) line(io, 'no function has logged anything yet')
  for (const l of logs) line(io, `${new Date(l.at).toISOString()} ${l.function}: ${l.line}`)
}
