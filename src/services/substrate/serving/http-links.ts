/**
 * The resources a host serves, through TNS as tau's substrate finds them: the `http/<kind>/<reversed host>/links`
 * index, each linked project's current commit on the universe's branch, then the resource's object at that commit,
 * and the build its asset names. Functions and websites are both found this way.
 */
import { assetKey } from '../../../shared/ids.js'

/** One TNS read of a lookup. */
export type Get = <R>(path: string[]) => Promise<R | null>

/** Which code build produced an artifact (monkey records it at TNS `builds/<cid>`). */
export interface BuildInfo {
  job: string
  commit: string
}

export interface LinkedResource<C> {
  id: string
  project: string
  /** '' in the project's own scope. */
  application: string
  branch: string
  commit: string
  cfg: C
  cid: string | null
  build: BuildInfo | null
}

export async function linkedResources<C extends object>(o: {
  get: Get
  kind: 'functions' | 'websites'
  host: string
  branch: string
  /** The resource whose build serves it (a function whose source is a library runs the library's). */
  assetOf?: (cfg: C, id: string) => string
}): Promise<Array<LinkedResource<C>>> {
  const { get, branch } = o
  const links = await get<unknown>(['http', o.kind, ...o.host.split('.').reverse(), 'links'])
  const out: Array<LinkedResource<C>> = []
  for (const link of Array.isArray(links) ? links : []) {
    // branches/<B>/projects/<P>[/applications/<A>]/<kind>/<id>
    const parts = String(link).split('/')
    if (parts[0] !== 'branches' || parts[1] !== branch || parts[2] !== 'projects') continue
    const project = parts[3] ?? ''
    const rest = parts.slice(4)
    const id = rest[rest.length - 1] ?? ''
    const commit = await get<string>(['projects', project, 'branches', branch, 'current'])
    if (typeof commit !== 'string') continue
    const cfg = await get<C>(['branches', branch, 'commit', commit, 'projects', project, ...rest])
    if (cfg === null || typeof cfg !== 'object') continue
    const cid = await get<string>(['assets', assetKey(project, o.assetOf?.(cfg, id) ?? id, branch)])
    const build = typeof cid === 'string' ? await get<BuildInfo>(['builds', cid]) : null
    out.push({
      id,
      project,
      application: rest[0] === 'applications' ? (rest[1] ?? '') : '',
      branch,
      commit,
      cfg,
      cid: typeof cid === 'string' ? cid : null,
      build: build !== null && typeof build === 'object' ? build : null
    })
  }
  return out
}
