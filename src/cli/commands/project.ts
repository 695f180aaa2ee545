import { Console } from '../../console/console.js'
import type { ConsoleSession } from '../../console/session.js'
import { parseLanguage } from '../../console/templates.js'
import { curlLine } from '../../shared/curl-line.js'
import type { Chart } from '../../universe/status.js'
import type { ApiClient } from '../api-client.js'
import { json, line, type Io } from '../output.js'

async function consoleFor(api: ApiClient, universe: string): Promise<Console> {
  return new Console(await api.get<ConsoleSession>(`/console/${encodeURIComponent(universe)}`))
}

export async function newProject(
  io: Io,
  api: ApiClient,
  name: string,
  o: { universe: string; description?: string; private?: boolean; json?: boolean }
): Promise<void> {
  const c = await consoleFor(api, o.universe)
  const p = await c.newProject(name, {
    ...(o.description !== undefined ? { description: o.description } : {}),
    private: o.private === true
  })
  if (o.json === true) {
    json(io, p)
    return
  }
  line(io, `Project ${p.name} created: ${p.id}`)
  line(io, `  config  ${p.config.url}`)
  line(io, `  code    ${p.code.url}`)
}

export async function newFunction(
  io: Io,
  api: ApiClient,
  name: string,
  o: {
    universe: string
    project: string
    template: string
    language: string
    domain?: string
    method?: string
    path?: string
    json?: boolean
  }
): Promise<void> {
  const language = parseLanguage(o.language)
  const c = await consoleFor(api, o.universe)
  const f = await c.newFunction(name, {
    project: o.project,
    template: o.template,
    language,
    ...(o.domain !== undefined ? { domain: o.domain } : {}),
    ...(o.method !== undefined ? { method: o.method } : {}),
    ...(o.path !== undefined ? { path: o.path } : {})
  })
  const chart = await api.get<Chart>(`/les/miserables/${encodeURIComponent(o.universe)}`)
  const port = chart.nodes.find(n => n.name.startsWith('substrate@'))?.value.http
  const curl = curlLine(f.fqdn, port, f.path, f.method)
  if (o.json === true) {
    json(io, { ...f, curl })
    return
  }
  line(io, `Function ${f.name}: ${f.method} ${f.url}`)
  line(io, `  ${curl}`)
}

export async function newDomain(
  io: Io,
  api: ApiClient,
  name: string,
  o: { universe: string; project: string; fqdn?: string; json?: boolean }
): Promise<void> {
  const c = await consoleFor(api, o.universe)
  const d = await c.newDomain(name, { project: o.project, ...(o.fqdn !== undefined ? { fqdn: o.fqdn } : {}) })
  if (o.json === true) {
    json(io, d)
    return
  }
  line(io, `Domain ${d.name}: ${d.fqdn}`)
}
