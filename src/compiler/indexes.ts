/**
 * Routing indexes, derived from the compiled object alone, as tau's index pass writes them
 * (test/data/config/tau_layout.tns.yaml lists every key for a project with two applications). They are pushed at
 * the TNS root, so keys are full slash paths; link values are lists of
 * `branches/B/projects/P[/applications/A]/<group>/<id>` that the gateway/substrate resolve through the `current`
 * commit pointer.
 *
 * Order matters where several resources share a list: groups go in tau's fixed order (ORDER below), each group
 * over the project scope first and then every application, and later writes of a single-value key win.
 */
import { deterministicId } from '../shared/ids.js'

type Obj = Record<string, unknown>
const asObj = (v: unknown): Obj => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Obj) : {})
const asStrings = (v: unknown): string[] =>
  Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []

/** Repository types as tau numbers them (core/common/repositorytype). */
const REPOSITORY_TYPE = { config: 1, code: 2, library: 3, website: 4 } as const

/** Services have no index; everything else is indexed in this order. */
const ORDER = ['functions', 'websites', 'libraries', 'storages', 'databases', 'messaging', 'smartops', 'domains']

const reversed = (fqdn: string): string => fqdn.split('.').reverse().join('/')

interface IndexScope {
  /** Application id, undefined for the project scope. */
  appId?: string
  obj: Obj
}

export function buildIndexes(object: Obj, branch: string, projectId: string): Obj {
  const index: Obj = {}
  const link = (key: string, value: string): void => {
    const list = Array.isArray(index[key]) ? (index[key] as string[]) : []
    if (!list.includes(value)) list.push(value)
    index[key] = list
  }

  const scopes: IndexScope[] = [{ obj: object }]
  for (const [appId, app] of Object.entries(asObj(object.applications))) scopes.push({ appId, obj: asObj(app) })

  for (const group of ORDER) {
    for (const { appId, obj } of scopes) {
      const inApp = appId !== undefined
      const value = (id: string): string =>
        `branches/${branch}/projects/${projectId}${inApp ? `/applications/${appId}` : ''}/${group}/${id}`
      // A domain id names the application's own domain first, then the project's.
      const fqdnOf = (domainId: string): string | undefined => {
        const d = asObj(obj.domains)[domainId] ?? asObj(object.domains)[domainId]
        const fqdn = asObj(d).fqdn
        return typeof fqdn === 'string' && fqdn !== '' ? fqdn : undefined
      }
      const wasm = (name: string): string =>
        `wasm/project/${projectId}${inApp ? `/application/${appId}` : ''}/modules/${group}/${name}/links`
      const byName = (name: string): string =>
        `projects/${projectId}${inApp ? `/applications/${appId}` : ''}/${name}/links`
      const repo = (r: Obj): string =>
        `repositories/${String(r.provider ?? 'github')}/${String(r['repository-id'] ?? '')}/${projectId}`
      const http = (id: string, r: Obj): void => {
        for (const d of asStrings(r.domains)) {
          const fqdn = fqdnOf(d)
          if (fqdn !== undefined) link(`http/${group}/${reversed(fqdn)}/links`, value(id))
        }
      }

      for (const [id, raw] of Object.entries(asObj(obj[group]))) {
        const r = asObj(raw)
        const name = String(r.name ?? '')
        switch (group) {
          case 'functions':
            link(wasm(name), value(id))
            http(id, r)
            break
          case 'websites':
            http(id, r)
            index[`${repo(r)}/type`] = REPOSITORY_TYPE.website
            index[`${repo(r)}/resources/${id}`] = value(id)
            break
          case 'libraries':
            link(wasm(name), value(id))
            index[`${repo(r)}/type`] = REPOSITORY_TYPE.library
            index[`${repo(r)}/resources/${id}`] = value(id)
            index[`libraries/${id}`] = name
            break
          case 'storages':
          case 'databases':
            link(byName(name), value(id))
            break
          case 'messaging':
            // Every channel of a scope, whatever its bridges, under the hash of project id + application id.
            link(`p2p/pubsub/${deterministicId(projectId + (appId ?? ''))}`, value(id))
            break
          case 'smartops':
            link(wasm(name), value(id))
            break
          case 'domains': {
            // A null leaf: a placeholder that `lookup` lists, marking the host as registered.
            const fqdn = typeof r.fqdn === 'string' ? r.fqdn : ''
            const key = `domains/${reversed(fqdn)}/links`
            if (fqdn !== '' && (index[key] === undefined || index[key] === null)) index[key] = null
            break
          }
        }
      }
    }
  }
  return index
}
