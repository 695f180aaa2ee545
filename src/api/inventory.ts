import { AuthClient } from '../services/auth/client.js'
import { SubstrateClient } from '../services/substrate/client.js'
import { TnsClient } from '../services/tns/client.js'
import { curlLine } from '../shared/curl-line.js'
import { NotFoundError } from '../shared/errors.js'
import type { Universe } from '../universe/universe.js'

/** One served route of `dream ls`: a function or website path on one host, with a paste-ready curl line. */
interface RouteRow {
  project: string
  kind: 'function' | 'website'
  name: string
  method: string
  fqdn: string
  path: string
  curl: string
}
export interface ProjectRow {
  id: string
  name: string
  commit: string | null
  routes: RouteRow[]
}

type Scope = Record<string, unknown>
interface Resource {
  name?: string
  domains?: string[]
  paths?: string[]
  method?: string
  fqdn?: string
}

/** The first substrate's HTTP port (what `dream status substrate` shows). */
function substratePort(u: Universe): number | undefined {
  return new SubstrateClient(u.clientNode(), u.directory).peers()[0]?.ports.http
}

/**
 * Every project of the universe (or the one named) with the routes its current config serves on the universe's
 * branch, read from TNS as substrate reads them.
 */
export async function inventory(u: Universe, project?: string): Promise<ProjectRow[]> {
  const node = u.clientNode()
  const tns = new TnsClient(node, u.directory)
  const auth = new AuthClient(node, u.directory)
  const branch = u.branch
  const port = substratePort(u)
  const out: ProjectRow[] = []
  for (const id of await auth.projectIds()) {
    const p = await auth.project(id)
    if (project !== undefined && p.name !== project && id !== project) continue
    const commit = await tns.fetch<unknown>(['projects', id, 'branches', branch, 'current'])
    const row: ProjectRow = { id, name: p.name, commit: typeof commit === 'string' ? commit : null, routes: [] }
    if (typeof commit === 'string') {
      const object = await tns.fetch<Scope>(['branches', branch, 'commit', commit, 'projects', id])
      if (object !== null && typeof object === 'object') row.routes = routesOf(p.name, object, port)
    }
    out.push(row)
  }
  if (project !== undefined && out.length === 0)
    throw new NotFoundError('PROJECT_NOT_FOUND', `no project named ${project}; \`dream ls\` lists them all`)
  return out
}

function routesOf(project: string, object: Scope, port: number | undefined): RouteRow[] {
  const rows: RouteRow[] = []
  const scan = (scope: Scope, domains: Record<string, Resource>): void => {
    const fqdns = (r: Resource): string[] =>
      (r.domains ?? []).map(d => domains[d]?.fqdn).filter((f): f is string => typeof f === 'string' && f !== '')
    for (const [kind, group] of [
      ['function', 'functions'],
      ['website', 'websites']
    ] as const) {
      for (const r of Object.values((scope[group] ?? {}) as Record<string, Resource>)) {
        // The compiled method is as the YAML wrote it (`get`); routes show and curl it upper-cased.
        const method = kind === 'function' ? (r.method ?? '').toUpperCase() : 'GET'
        if (kind === 'function' && method === '') continue
        for (const fqdn of fqdns(r)) {
          for (const path of r.paths ?? []) {
            rows.push({
              project,
              kind,
              name: r.name ?? '',
              method,
              fqdn,
              path,
              curl: curlLine(fqdn, port, path, method)
            })
          }
        }
      }
    }
  }
  const top = (object.domains ?? {}) as Record<string, Resource>
  scan(object, top)
  for (const app of Object.values((object.applications ?? {}) as Record<string, Scope>)) {
    scan(app, { ...top, ...((app.domains ?? {}) as Record<string, Resource>) })
  }
  return rows
}
