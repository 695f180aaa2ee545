import { assetKey } from '../../shared/ids.js'
import type { TnsClient } from '../tns/client.js'
import { libraryIdOf } from './library-source.js'

/** A function as the config compiler publishes it to TNS (src/compiler/kinds/compute.ts), plus where it was found. */
interface FunctionConfig {
  id: string
  name: string
  project: string
  branch: string
  commit: string
  method: string
  paths: string[]
  timeout: number
  memory: number
  call: string
  source: string
}

/** Which code build produced an artifact (monkey records it at TNS `builds/<cid>`). */
interface BuildInfo {
  job: string
  commit: string
}
export interface Match {
  fn: FunctionConfig
  cid: string | null
  build: BuildInfo | null
}

/**
 * Host + path + method → function, through TNS as tau's substrate does: the
 * `http/functions/<reversed host>/links` index, each project's current commit on the universe's branch, then the
 * function object at that commit; the path must be equal and the method equal ignoring case. Host lookups are
 * cached until TNS reports a change (see `invalidate`), with a short safety expiry.
 */
export class FunctionRouter {
  readonly #tns: TnsClient
  readonly #branch: () => string
  readonly #hosts = new Map<string, { at: number; fns: Promise<Match[]> }>()
  static readonly MAX_AGE_MS = 5_000

  constructor(tns: TnsClient, branch: () => string) {
    this.#tns = tns
    this.#branch = branch
  }

  invalidate(): void {
    this.#hosts.clear()
  }

  async match(host: string, path: string, method: string): Promise<Match | undefined> {
    const fns = await this.#forHost(host)
    const m = method.toUpperCase()
    return fns.find(f => f.fn.method.toUpperCase() === m && f.fn.paths.includes(path))
  }

  /** What `host` does serve (`GET /ping`, ...), for a 404 that helps; empty for an unknown host. */
  async routesOf(host: string): Promise<string[]> {
    const fns = await this.#forHost(host)
    return [...new Set(fns.flatMap(f => f.fn.paths.map(p => `${f.fn.method.toUpperCase()} ${p}`)))].sort()
  }

  async #forHost(host: string): Promise<Match[]> {
    const now = Date.now()
    const hit = this.#hosts.get(host)
    if (hit !== undefined && now - hit.at < FunctionRouter.MAX_AGE_MS) return await hit.fns
    const fns = this.#resolve(host)
    this.#hosts.set(host, { at: now, fns })
    fns.catch(() => {
      if (this.#hosts.get(host)?.fns === fns) this.#hosts.delete(host)
    })
    return await fns
  }

  async #resolve(host: string): Promise<Match[]> {
    const labels = host.split('.').reverse()
    const links = await this.#tns.fetch<unknown>(['http', 'functions', ...labels, 'links'])
    const branch = this.#branch()
    const out: Match[] = []
    for (const link of Array.isArray(links) ? links : []) {
      // branches/<B>/projects/<P>[/applications/<A>]/functions/<F>
      const parts = String(link).split('/')
      if (parts[0] !== 'branches' || parts[1] !== branch || parts[2] !== 'projects') continue
      const project = parts[3] ?? ''
      const rest = parts.slice(4)
      const id = rest[rest.length - 1] ?? ''
      const commit = await this.#tns.fetch<string>(['projects', project, 'branches', branch, 'current'])
      if (typeof commit !== 'string') continue
      const cfg = await this.#tns.fetch<Omit<FunctionConfig, 'id' | 'project' | 'branch' | 'commit'>>([
        'branches',
        branch,
        'commit',
        commit,
        'projects',
        project,
        ...rest
      ])
      // Tau's index lists every function with domains, an HTTP method or not; only those with one can answer.
      if (cfg === null || typeof cfg !== 'object' || typeof cfg.method !== 'string') continue
      // A function built from a library runs the library's build (library-source.ts).
      const cid = await this.#tns.fetch<string>(['assets', assetKey(project, libraryIdOf(cfg.source) ?? id, branch)])
      const build = typeof cid === 'string' ? await this.#tns.fetch<BuildInfo>(['builds', cid]) : null
      out.push({
        fn: { ...cfg, paths: Array.isArray(cfg.paths) ? cfg.paths : [], id, project, branch, commit },
        cid: typeof cid === 'string' ? cid : null,
        build: build !== null && typeof build === 'object' ? build : null
      })
    }
    return out
  }
}
