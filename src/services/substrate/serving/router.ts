import { atOneVersion } from './one-version.js'
import type { NodeEntry } from '../../../p2p/directory.js'
import { DreamError } from '../../../shared/errors.js'
import type { TnsClient } from '../../tns/client.js'
import { versionOrder } from '../../tns/protocol.js'
import { type BuildInfo, type Get, linkedResources } from './http-links.js'
import type { FoundFunction } from './found-function.js'
import { libraryIdOf } from './library-source.js'
import type { PublishedFunction } from '../../../compiler/index.js'

/** A function with an HTTP trigger: its method and paths always there. */
type HttpFunction = FoundFunction & Required<Pick<PublishedFunction, 'method' | 'paths'>>

export interface Match {
  fn: HttpFunction
  cid: string | null
  build: BuildInfo | null
  /** The version of the TNS tree this match was read from, whole. */
  version: string
}

/** What the router reads TNS through. */
export type TnsReader = Pick<TnsClient, 'read' | 'peers'>

/**
 * Host + path + method → function, through TNS as tau's substrate does: the
 * `http/functions/<reversed host>/links` index, each project's current commit on the universe's branch, then the
 * function object at that commit; the path must be equal and the method equal ignoring case.
 *
 * A host's functions are a snapshot of one version of the TNS tree: all reads of one lookup go to one tns node,
 * each reply says its version, and a lookup during which the version moved is read again. The router remembers
 * the newest version it has seen (from its reads and from `observe`, which the substrate's watch on TNS feeds);
 * when a newer one shows up, every host it has cached is dropped (and `onDrop` tells the substrate to drop what
 * it derived from them), and a lookup that ends older than the newest seen is read again, never cached. So once
 * one request is answered from a new publish, no later one is answered from an older tree. Host lookups also
 * expire after a short safety time.
 */
export class FunctionRouter {
  readonly #tns: TnsReader
  readonly #branch: () => string
  readonly #onDrop: () => void
  readonly #hosts = new Map<string, HostEntry>()
  #seen: string | undefined
  static readonly MAX_AGE_MS = 5_000

  constructor(tns: TnsReader, branch: () => string, onDrop: () => void = () => {}) {
    this.#tns = tns
    this.#branch = branch
    this.#onDrop = onDrop
  }

  /**
   * A version of the tree seen elsewhere (the watch). Newer than any seen before (or of another tns node or run,
   * not comparable): the cached hosts are dropped.
   */
  observe(version: string): void {
    if (this.#seen !== undefined && (versionOrder(version, this.#seen) ?? 1) <= 0) return
    this.#seen = version
    // Lookups still running stay: they end at the newest version or read again.
    for (const [host, e] of this.#hosts) if (e.version !== undefined) this.#hosts.delete(host)
    this.#onDrop()
  }

  /** Anything may have changed (the watched tns node is gone): drop every cached host and the newest version. */
  invalidate(): void {
    this.#seen = undefined
    this.#hosts.clear()
    this.#onDrop()
  }

  /** True when `version` (a match's) is still the newest this router has seen. */
  isCurrent(version: string): boolean {
    return version === this.#seen
  }

  async match(host: string, path: string, method: string): Promise<Match | undefined> {
    const fns = await this.#forHost(host)
    const m = method.toUpperCase()
    return fns.find(f => f.fn.method.toUpperCase() === m && f.fn.paths.includes(path))
  }

  /** Every function of `host` with its build, from the newest version of the tree. */
  async functionsOf(host: string): Promise<Match[]> {
    return await this.#forHost(host)
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
    const entry: HostEntry = {
      at: now,
      fns: this.#snapshot(host).then(s => {
        entry.version = s.version
        if (!this.isCurrent(s.version) && this.#hosts.get(host) === entry) this.#hosts.delete(host)
        return s.fns
      })
    }
    this.#hosts.set(host, entry)
    entry.fns.catch(() => {
      if (this.#hosts.get(host) === entry) this.#hosts.delete(host)
    })
    return await entry.fns
  }

  /** The host's functions read whole from one version that is the newest seen (see the class comment). */
  async #snapshot(host: string): Promise<{ fns: Match[]; version: string }> {
    const { value: fns, version } = await atOneVersion(
      `the routes of ${host}`,
      async seen =>
        await this.#onOneNode(
          async peer =>
            await this.#resolve(host, async <R>(path: string[]) => {
              const r = await this.#tns.read<R>(path, peer)
              this.observe(r.version)
              seen.add(r.version)
              return r.object
            })
        ),
      v => v !== undefined && this.isCurrent(v)
    )
    // Accepted only with one current version, so there is one.
    const at = version as string
    return { fns: fns.map(f => ({ ...f, version: at })), version: at }
  }

  /** Runs `lookup` against the first tns node that answers (every read of it on that node). */
  async #onOneNode<T>(lookup: (peer: NodeEntry | undefined) => Promise<T>): Promise<T> {
    const peers: Array<NodeEntry | undefined> = this.#tns.peers()
    let last: unknown
    for (const peer of peers.length > 0 ? peers : [undefined]) {
      try {
        return await lookup(peer)
      } catch (err) {
        if (!(err instanceof DreamError) || (err.code !== 'P2P_UNREACHABLE' && err.code !== 'P2P_TIMEOUT')) throw err
        last = err
      }
    }
    throw last
  }

  async #resolve(host: string, get: Get): Promise<Array<Omit<Match, 'version'>>> {
    const found = await linkedResources<PublishedFunction>({
      get,
      kind: 'functions',
      host,
      branch: this.#branch(),
      // A function built from a library runs the library's build (library-source.ts).
      assetOf: (cfg, id) => libraryIdOf(cfg.source) ?? id
    })
    // Tau's index lists every function with domains, an HTTP method or not; only those with one can answer.
    return found
      .flatMap(r => (typeof r.cfg.method === 'string' ? [{ ...r, method: r.cfg.method }] : []))
      .map(({ cfg, method, id, project, application, branch, commit, cid, build }) => ({
        fn: {
          ...cfg,
          method,
          paths: Array.isArray(cfg.paths) ? cfg.paths : [],
          id,
          project,
          application,
          branch,
          commit
        },
        cid,
        build
      }))
  }
}

/** A host's lookup, cached: `version` once it has ended. */
interface HostEntry {
  at: number
  fns: Promise<Match[]>
  version?: string
}
