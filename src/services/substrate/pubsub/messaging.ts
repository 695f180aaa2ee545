import { LookupCache } from '../../../shared/lookup-cache.js'
import type { TnsClient } from '../../tns/client.js'

/** A `messaging/` resource as the config compiler publishes it (src/compiler/kinds/data.ts), with its scope. */
export interface MessagingRule {
  id: string
  name: string
  /** Channel name, or a regular expression when `regex`. */
  match: string
  regex: boolean
  webSocket: boolean
  project: string
  application: string
}

/** True when `channel` is the rule's channel or, for a regex rule, matches it (anywhere, as Go's regexp.Match). */
export function matchesChannel(rule: MessagingRule, channel: string): boolean {
  if (rule.match === channel) return true
  if (!rule.regex) return false
  try {
    return new RegExp(rule.match).test(channel)
  } catch {
    return false
  }
}

/**
 * The messaging resources of one scope (project + application), found as tau's substrate finds them: the
 * `p2p/pubsub/<hash of project id + application id>` index, each project's current commit on the universe's
 * branch, then each resource at that commit. Cached per hash until TNS reports a change (see `invalidate`).
 */
export class MessagingLookup {
  readonly #tns: TnsClient
  readonly #branch: () => string
  readonly #byHash = new LookupCache<MessagingRule[]>(1024)

  constructor(tns: TnsClient, branch: () => string) {
    this.#tns = tns
    this.#branch = branch
  }

  invalidate(): void {
    this.#byHash.clear()
  }

  async forHash(hash: string): Promise<MessagingRule[]> {
    return await this.#byHash.get(hash, () => this.#resolve(hash))
  }

  async #resolve(hash: string): Promise<MessagingRule[]> {
    const links = await this.#tns.fetch<unknown>(['p2p', 'pubsub', hash])
    const branch = this.#branch()
    const out: MessagingRule[] = []
    for (const link of Array.isArray(links) ? links : []) {
      // branches/<B>/projects/<P>[/applications/<A>]/messaging/<id>
      const parts = String(link).split('/')
      if (parts[0] !== 'branches' || parts[1] !== branch || parts[2] !== 'projects') continue
      const project = parts[3] ?? ''
      const rest = parts.slice(4)
      const commit = await this.#tns.fetch<string>(['projects', project, 'branches', branch, 'current'])
      if (typeof commit !== 'string') continue
      const cfg = await this.#tns.fetch<Record<string, unknown>>([
        'branches',
        branch,
        'commit',
        commit,
        'projects',
        project,
        ...rest
      ])
      if (cfg === null || typeof cfg !== 'object') continue
      out.push({
        id: rest[rest.length - 1] ?? '',
        name: String(cfg.name ?? ''),
        match: String(cfg.match ?? ''),
        regex: cfg.regex === true,
        webSocket: cfg.webSocket === true,
        project,
        application: rest[0] === 'applications' ? (rest[1] ?? '') : ''
      })
    }
    return out
  }
}
