import { join } from 'node:path'
import { BaseService } from '../base.js'
import { callPeer } from '../client.js'
import type { Handlers } from '../../p2p/protocol.js'
import { JsonStore } from '../../shared/json-store.js'
import { InvalidInputError } from '../../shared/errors.js'
import type { ServiceDeps } from '../types.js'
import { assemble, flatten, segments, under, type Leaves } from './tree.js'
import type { DumpReply, FetchBody, ListBody, LookupBody, PushBody } from './protocol.js'

/**
 * The name service: a hierarchical key/value tree of compiled projects, indexes, assets and repo links,
 * persisted under the node's root. Each push is fanned out to the other tns nodes, and a tns node that joins a
 * running universe first copies the tree of one that is already there, so any tns answers the same.
 */
export class TnsService extends BaseService {
  readonly name = 'tns'
  readonly #store: JsonStore

  constructor (deps: ServiceDeps) {
    super(deps)
    this.#store = new JsonStore(join(deps.root, 'tns.json'))
  }

  protected override async open (): Promise<void> {
    await this.#store.open()
    const peer = this.deps.universe.directory.byRole('tns')[0]
    if (peer === undefined) return
    try {
      const { leaves } = await callPeer<DumpReply>(this.deps.node, peer, 'tns', 'dump', {})
      await this.#store.setMany(leaves)
    } catch (err) {
      this.deps.log.warn(`could not copy the tree of ${peer.peerId}: ${String(err)}`)
    }
  }

  protected override async close (): Promise<void> { await this.#store.close() }

  protected override handlers (): Handlers {
    return {
      push: async (b: PushBody) => {
        if (!Array.isArray(b.path)) throw new InvalidInputError('TNS_BAD_PATH', 'push needs path: string[]')
        await this.#store.setMany(flatten(b.path, b.data))
        if (b.replica !== true) await this.#fanOut(b)
        this.#notifySubstrates()
        return { pushed: true }
      },
      fetch: (b: FetchBody) => ({ object: assemble(b.path ?? [], this.#leavesUnder(b.path ?? [])) }),
      lookup: (b: LookupBody) => {
        const prefix = segments(b.prefix ?? []).join('/')
        const keys = b.regex === true
          ? this.#store.keys().filter(k => new RegExp(prefix).test(k))
          : this.#store.keys().filter(k => under(k, prefix))
        return { keys: keys.map(k => '/' + k) }
      },
      list: (b: ListBody) => {
        const depth = b.depth ?? 1
        const uniq = new Map(this.#store.keys().map(k => { const s = k.split('/').slice(0, depth); return [s.join('/'), s] }))
        return { keys: [...uniq.values()] }
      },
      dump: (): DumpReply => ({ leaves: this.#store.entries() })
    }
  }

  #leavesUnder (path: string[]): Leaves {
    const prefix = segments(path).join('/')
    return this.#store.entries().filter(([k]) => under(k, prefix))
  }

  /** Substrates cache routing; tell them something changed (tau does this over pubsub `/tns/updates/...`). */
  #notifySubstrates (): void {
    for (const s of this.deps.universe.directory.byRole('substrate')) {
      void callPeer(this.deps.node, s, 'substrate', 'updated', {}, { timeoutMs: 5_000 }).catch(() => {})
    }
  }

  async #fanOut (b: PushBody): Promise<void> {
    const self = this.deps.node.peerId.toString()
    const others = this.deps.universe.directory.byRole('tns').filter(e => e.peerId !== self)
    await Promise.all(others.map(async peer => {
      await callPeer(this.deps.node, peer, 'tns', 'push', { ...b, replica: true })
        .catch(err => { this.deps.log.warn(`replicating to ${peer.peerId} failed: ${String(err)}`) })
    }))
  }
}
