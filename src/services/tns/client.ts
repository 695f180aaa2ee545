import type { NodeEntry } from '../../p2p/directory.js'
import type { CallOptions } from '../../p2p/protocol.js'
import { ConflictError } from '../../shared/errors.js'
import { ServiceClient } from '../client.js'
import {
  TnsCommand,
  WATCH_HOLD_MS,
  type BatchReply,
  type DumpReply,
  type FetchReply,
  type IndexedRepository,
  type ListReply,
  type LookupReply,
  type TnsWrite,
  type WatchReply
} from './protocol.js'

/** A typed client of `/tns/v1`, used by every node that reads or writes the name service. */
export class TnsClient extends ServiceClient {
  protected readonly service = 'tns'

  /** `replica` marks a copy one tns node fans out to another (it is not fanned out again). */
  async push(path: string[], data: unknown, peer?: NodeEntry, replica = false): Promise<void> {
    await this.call(TnsCommand.push, replica ? { path, data, replica } : { path, data }, peer)
  }

  /**
   * Many writes as one change of the tree (one version, one wake-up of the watches, one copy to each other tns
   * node); returns the version they made on the node that took them. `replica` as for `push`.
   */
  async batch(writes: TnsWrite[], peer?: NodeEntry, replica = false): Promise<string> {
    const body = replica ? { writes, replica } : { writes }
    return (await this.call<BatchReply>(TnsCommand.batch, body, peer)).version
  }

  async fetch<T = unknown>(path: string[], peer?: NodeEntry): Promise<T | null> {
    return (await this.read<T>(path, peer)).object
  }

  /** A fetch that also says which version of the tree it read. */
  async read<T = unknown>(path: string[], peer?: NodeEntry): Promise<{ object: T | null; version: string }> {
    const r = await this.call<FetchReply>(TnsCommand.fetch, { path }, peer)
    return { object: r.object as T | null, version: r.version }
  }

  async lookup(prefix: string[], peer?: NodeEntry): Promise<string[]> {
    return (await this.call<LookupReply>(TnsCommand.lookup, { prefix }, peer)).keys
  }

  async list(depth = 1, peer?: NodeEntry): Promise<string[][]> {
    return (await this.call<ListReply>(TnsCommand.list, { depth }, peer)).keys
  }

  /** Every leaf of one tns node's tree. */
  async dump(peer: NodeEntry): Promise<DumpReply['leaves']> {
    return (await this.call<DumpReply>(TnsCommand.dump, {}, peer)).leaves
  }

  /** Resolves with one tns node's version once it differs from `since` (or after the hold time, unchanged). */
  async watch(peer: NodeEntry, since: string | undefined, o: CallOptions = {}): Promise<string> {
    const body = since !== undefined ? { since } : {}
    return (await this.call<WatchReply>(TnsCommand.watch, body, peer, { timeoutMs: WATCH_HOLD_MS * 2, ...o })).version
  }

  /**
   * Which project lists repository `repoId`, from the index the config compiler pushes
   * (`repositories/github/<repo id>/<project id>/{type,resources/<id>}`). auth claims only a project's config and
   * code repositories; a library's or a website's repository belongs to the project whose config names it, so
   * monkey and patrick learn its project here, as tau's monkey does. Undefined until that config is compiled.
   * A repository listed by two projects' configs belongs to neither (REPOSITORY_LISTED_TWICE): otherwise any
   * project could claim another's website or library repository by naming its id.
   */
  async indexedRepository(repoId: string): Promise<IndexedRepository | undefined> {
    const keys = (await this.lookup(['repositories', 'github', repoId])).map(k => k.replace(/^\//, '').split('/'))
    // repositories/github/<repo id>/<project id>/type
    const projects = [...new Set(keys.filter(s => s.length === 5 && s[4] === 'type').map(s => s[3] ?? ''))].sort()
    const project = projects[0]
    if (project === undefined) return undefined
    if (projects.length > 1)
      throw new ConflictError(
        'REPOSITORY_LISTED_TWICE',
        `repository ${repoId} is listed by the configs of projects ${projects.join(' and ')}; a repository builds ` +
          "for one project only: remove it from the other project's config"
      )
    const type = await this.fetch<number>(['repositories', 'github', repoId, project, 'type'])
    // repositories/github/<repo id>/<project id>/resources/<resource id> (read from the keys: a fetch of one leaf
    // answers its bare value, not a map)
    const resources = keys.filter(s => s.length === 6 && s[3] === project && s[4] === 'resources').map(s => s[5] ?? '')
    return { project, type: Number(type), resources }
  }
}
