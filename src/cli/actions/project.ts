import { Console } from '../../console/console.js'
import { newLibrary as createLibrary } from '../../console/library.js'
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
    library?: string
    call?: string
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
    ...(o.path !== undefined ? { path: o.path } : {}),
    ...(o.library !== undefined ? { library: o.library } : {}),
    ...(o.call !== undefined ? { call: o.call } : {})
  })
  const chart = await api.get<Chart>(`/les/miserables/${encodeURIComponent(o.universe)}`)
  const port = chart.nodes.find(n => n.name.startsWith('substrate@'))?.value.http
  const curl = curlLine(f.fqdn, port, f.path, f.method)
  if (o.json === true) {
    json(io, { ...f, curl })
    return
  }
  line(io, `Function ${f.name}: ${f.method} ${f.url}`)
  for (const c of f.companions) line(io, `  with function ${c}`)
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

export async function newLibrary(
  io: Io,
  api: ApiClient,
  name: string,
  o: { universe: string; project: string; template: string; language: string; json?: boolean }
): Promise<void> {
  const language = parseLanguage(o.language)
  const session = await api.get<ConsoleSession>(`/console/${encodeURIComponent(o.universe)}`)
  const project = await new Console(session).project(o.project)
  const l = await createLibrary(session, project, name, { template: o.template, language })
  if (o.json === true) {
    json(io, l)
    return
  }
  line(io, `Library ${l.name} created (${l.language}, template ${l.template}): exports ${l.calls.join(', ')}`)
  line(io, `  repository  ${l.repository.url}`)
  line(io, `  build it    dream inject push-library --project ${l.project} --name ${l.name} --wait`)
  line(io, `  use it      dream new function <name> --project ${l.project} --template ping_pong --library ${l.name}`)
}
