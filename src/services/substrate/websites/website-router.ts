import { atOneVersion } from '../serving/one-version.js'
import type { NodeEntry } from '../../../p2p/directory.js'
import { type BuildInfo, type Get, linkedResources } from '../serving/http-links.js'
import type { TnsReader } from '../serving/router.js'

/** A website as the config compiler publishes it (src/compiler/kinds/web.ts), plus where it was found. */
interface SiteConfig {
  id: string
  name: string
  project: string
  branch: string
  commit: string
  paths: string[]
}
export interface SiteMatch {
  site: SiteConfig
  /** The archive of its latest build, null before the first website job finished. */
  cid: string | null
  build: BuildInfo | null
  /** The website path the request fell under ("/" or e.g. "/docs"). */
  base: string
}

/** Match scores as tau's substrate ranks them: none, the root path, an exact path. */
const NO_MATCH = -1
const MIN_MATCH = 1
const HIGH_MATCH = 256

/**
 * How well a website path covers a request path, as tau scores it: equal is the best, a website at `/` covers
 * everything a little, and `/docs` covers `/docs/...` by the length of its prefix (longer wins).
 */
export function pathScore(base: string, path: string): number {
  if (base === path) return HIGH_MATCH
  if (base === '/') return MIN_MATCH
  const prefix = base.endsWith('/') ? base : `${base}/`
  return path.startsWith(prefix) ? prefix.length : NO_MATCH
}

/**
 * Host + path → website, through TNS as tau's substrate does: the `http/websites/<reversed host>/links` index, each
 * project's current commit on the universe's branch, the website object at that commit, and the asset of its build.
 * Any method matches (the caller answers other methods than GET and HEAD with 405). Among the websites of a host
 * the best path score wins (see `pathScore`); a function serving the exact path was already preferred by the
 * caller. A host's websites are read from one tns node at one version of its tree (read again when the version
 * moved during the reads), and cached until TNS reports a change, with a short safety expiry.
 */
export class WebsiteRouter {
  readonly #tns: TnsReader
  readonly #branch: () => string
  readonly #hosts = new Map<string, { at: number; sites: Promise<Omit<SiteMatch, 'base'>[]> }>()
  static readonly MAX_AGE_MS = 5_000

  constructor(tns: TnsReader, branch: () => string) {
    this.#tns = tns
    this.#branch = branch
  }

  invalidate(): void {
    this.#hosts.clear()
  }

  async match(host: string, path: string): Promise<SiteMatch | undefined> {
    let best: SiteMatch | undefined
    let bestScore = 0
    for (const s of await this.#forHost(host)) {
      for (const base of s.site.paths) {
        const score = pathScore(base, path)
        if (score > bestScore) {
          bestScore = score
          best = { ...s, base }
        }
      }
    }
    return best
  }

  async #forHost(host: string): Promise<Omit<SiteMatch, 'base'>[]> {
    const now = Date.now()
    const hit = this.#hosts.get(host)
    if (hit !== undefined && now - hit.at < WebsiteRouter.MAX_AGE_MS) return await hit.sites
    const sites = this.#snapshot(host)
    this.#hosts.set(host, { at: now, sites })
    sites.catch(() => {
      if (this.#hosts.get(host)?.sites === sites) this.#hosts.delete(host)
    })
    return await sites
  }

  async #snapshot(host: string): Promise<Omit<SiteMatch, 'base'>[]> {
    const peer: NodeEntry | undefined = this.#tns.peers()[0]
    const { value } = await atOneVersion(
      `the websites of ${host}`,
      async seen =>
        await this.#resolve(host, async <R>(path: string[]) => {
          const r = await this.#tns.read<R>(path, peer)
          seen.add(r.version)
          return r.object
        })
    )
    return value
  }

  async #resolve(host: string, get: Get): Promise<Omit<SiteMatch, 'base'>[]> {
    const found = await linkedResources<{ name?: string; paths?: unknown }>({
      get,
      kind: 'websites',
      host,
      branch: this.#branch()
    })
    return found.map(({ cfg, id, project, branch, commit, cid, build }) => {
      const paths = Array.isArray(cfg.paths) ? cfg.paths.filter((p): p is string => typeof p === 'string') : []
      return { site: { id, name: String(cfg.name ?? id), project, branch, commit, paths }, cid, build }
    })
  }
}
