import { Console } from '../../console/console.js'
import type { ConsoleSession } from '../../console/session.js'
import { newWebsite as create } from '../../console/website.js'
import type { ApiClient } from '../api-client.js'
import { json, line, type Io } from '../output.js'

/** `dream new website`: a website repository from a template and its YAML in the project's config. */
export async function newWebsite(
  io: Io,
  api: ApiClient,
  name: string,
  o: { universe: string; project: string; template?: string; domain?: string; path?: string; json?: boolean }
): Promise<void> {
  const session = await api.get<ConsoleSession>(`/console/${encodeURIComponent(o.universe)}`)
  const w = await create(new Console(session), session, name, {
    project: o.project,
    ...(o.template !== undefined ? { template: o.template } : {}),
    ...(o.domain !== undefined ? { domain: o.domain } : {}),
    ...(o.path !== undefined ? { path: o.path } : {})
  })
  if (o.json === true) {
    json(io, w)
    return
  }
  line(io, `Website ${w.name}: ${w.url} (template ${w.template})`)
  line(io, `  repository  ${w.repo.url}`)
}
