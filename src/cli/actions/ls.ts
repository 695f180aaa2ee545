import type { ProjectRow } from '../../api/inventory.js'
import type { ApiClient } from '../api-client.js'
import { json, line, type Io } from '../output.js'

/** `dream ls`: projects, their functions and websites with routes, each with a paste-ready curl line. */
export async function ls(
  io: Io,
  api: ApiClient,
  o: { universe: string; project?: string; json?: boolean }
): Promise<void> {
  const q = o.project !== undefined ? `?project=${encodeURIComponent(o.project)}` : ''
  const { projects } = await api.get<{ projects: ProjectRow[] }>(`/ls/${encodeURIComponent(o.universe)}${q}`)
  if (o.json === true) {
    json(io, { projects })
    return
  }
  if (projects.length === 0) {
    line(io, 'no projects yet; create one with `dream new project <name>`')
    return
  }
  for (const p of projects) {
    line(
      io,
      `project ${p.name} (${p.id})${p.commit !== null ? ` at ${p.commit.slice(0, 7)}` : ': no config built yet'}`
    )
    if (p.commit !== null && p.routes.length === 0) line(io, '  no function or website is served yet')
    for (const r of p.routes) {
      line(io, `  ${r.kind} ${r.name}: ${r.method} http://${r.fqdn}${r.path}`)
      line(io, `    ${r.curl}`)
    }
  }
}

/** The names of a universe's projects (for shell completion). */
export async function projectNames(api: ApiClient, universe: string): Promise<string[]> {
  const { projects } = await api.get<{ projects: ProjectRow[] }>(`/ls/${encodeURIComponent(universe)}`)
  return projects.map(p => p.name)
}
