/**
 * Routing indexes (test/compiler/worked-example.test.ts shows them for ping_pong), derived from the compiled
 * object alone. They are pushed at the TNS root, so keys are full slash paths; values are lists of
 * `branches/B/projects/P[/applications/A]/<group>/<id>` that the gateway/substrate resolve through the `current`
 * commit pointer.
 */

type Obj = Record<string, unknown>
const asObj = (v: unknown): Obj => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Obj) : {})
const asStrings = (v: unknown): string[] =>
  Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []

/** Repository types as tau numbers them (core/common/repositorytype). */
const REPOSITORY_TYPE = { config: 1, code: 2, library: 3, website: 4 } as const

const reversed = (fqdn: string): string => fqdn.split('.').reverse().join('/')

export function buildIndexes(object: Obj, branch: string, projectId: string): Obj {
  const index: Obj = {}
  const link = (key: string, value: string): void => {
    const list = Array.isArray(index[key]) ? (index[key] as string[]) : []
    if (!list.includes(value)) list.push(value)
    index[key] = list
  }

  // Domain ids are unique project-wide (checked by the compiler), so one id → fqdn map serves all scopes.
  const fqdnById = new Map<string, string>()
  const scopes: Array<{ appId?: string; obj: Obj }> = [{ obj: object }]
  for (const [appId, app] of Object.entries(asObj(object.applications))) scopes.push({ appId, obj: asObj(app) })
  for (const { obj } of scopes) {
    for (const [id, d] of Object.entries(asObj(obj.domains))) fqdnById.set(id, String(asObj(d).fqdn ?? ''))
  }

  for (const { appId, obj } of scopes) {
    const value = (group: string, id: string): string =>
      `branches/${branch}/projects/${projectId}${appId !== undefined ? `/applications/${appId}` : ''}/${group}/${id}`
    const wasm = (group: string, name: string): string =>
      `wasm/project/${projectId}${appId !== undefined ? `/application/${appId}` : ''}/modules/${group}/${name}/links`
    const byName = (name: string): string =>
      `projects/${projectId}${appId !== undefined ? `/applications/${appId}` : ''}/${name}/links`
    const repo = (r: Obj): string =>
      `repositories/${String(r.provider ?? 'github')}/${String(r['repository-id'] ?? '')}/${projectId}`

    for (const [id, f] of Object.entries(asObj(obj.functions))) {
      const fn = asObj(f)
      link(wasm('functions', String(fn.name)), value('functions', id))
      if (fn.type !== 'http' && fn.type !== 'https') continue
      for (const d of asStrings(fn.domains)) {
        const fqdn = fqdnById.get(d)
        if (fqdn !== undefined && fqdn !== '') link(`http/functions/${reversed(fqdn)}/links`, value('functions', id))
      }
    }
    for (const [id, s] of Object.entries(asObj(obj.smartops)))
      link(wasm('smartops', String(asObj(s).name)), value('smartops', id))
    for (const [id, l] of Object.entries(asObj(obj.libraries))) {
      const lib = asObj(l)
      index[`${repo(lib)}/type`] = REPOSITORY_TYPE.library
      index[`${repo(lib)}/resources/${id}`] = value('libraries', id)
      link(wasm('libraries', String(lib.name)), value('libraries', id))
      if (!(`libraries/${id}` in index)) index[`libraries/${id}`] = String(lib.name)
    }
    for (const [id, w] of Object.entries(asObj(obj.websites))) {
      const site = asObj(w)
      index[`${repo(site)}/type`] = REPOSITORY_TYPE.website
      index[`${repo(site)}/resources/${id}`] = value('websites', id)
      for (const d of asStrings(site.domains)) {
        const fqdn = fqdnById.get(d)
        if (fqdn !== undefined && fqdn !== '') link(`http/websites/${reversed(fqdn)}/links`, value('websites', id))
      }
    }
    // A null leaf: a placeholder that `lookup` lists, marking the host as registered.
    for (const d of Object.values(asObj(obj.domains))) {
      const fqdn = String(asObj(d).fqdn ?? '')
      if (fqdn !== '') index[`domains/${reversed(fqdn)}/links`] = null
    }
    for (const [id, db] of Object.entries(asObj(obj.databases)))
      link(byName(String(asObj(db).name)), value('databases', id))
    for (const [id, st] of Object.entries(asObj(obj.storages)))
      link(byName(String(asObj(st).name)), value('storages', id))
  }
  return index
}
