import { join } from 'node:path'
import { BaseService } from '../base.js'
import type { Handlers } from '../../p2p/protocol.js'
import { JsonStore } from '../../shared/json-store.js'
import { InvalidInputError } from '../../shared/errors.js'
import type { ServiceComponents } from '../types.js'
import { TnsClient } from './client.js'
import { assemble, flatten, segments, under, type Leaves } from './tree.js'
import {
  TnsCommand,
  WATCH_HOLD_MS,
  type DumpReply,
  type FetchBody,
  type ListBody,
  type LookupBody,
  type PushBody,
  type WatchBody,
  type WatchReply
} from './protocol.js'

export type TnsComponents = Pick<ServiceComponents, 'node' | 'http' | 'directory' | 'root' | 'log'>

/**
 * The name service: a hierarchical key/value tree of compiled projects, indexes, assets and repo links,
 * persisted under the node's root. Each push is fanned out to the other tns nodes, and a tns node that joins a
 * running universe first copies the tree of one that is already there, so any tns answers the same. Consumers
 * that cache what they read (substrates) hold a `watch` open and learn of every change; tns does not know them.
 */
export class TnsService extends BaseService {
  readonly name = 'tns'
  readonly #c: TnsComponents
  readonly #store: JsonStore
  readonly #peers: TnsClient
  #changes = 0
  /** Held `watch` calls, answered on the next change or when their hold time ends. */
  readonly #watchers = new Set<() => void>()

  constructor(components: TnsComponents) {
    super(components)
    this.#c = components
    this.#store = new JsonStore(join(components.root, 'tns.json'))
    this.#peers = new TnsClient(components.node, components.directory)
  }

  get #version(): string {
    return `${this.#c.node.peerId.toString()}:${this.#changes}`
  }

  protected override async open(): Promise<void> {
    await this.#store.open()
    const peer = this.#peers.peers()[0]
    if (peer === undefined) return
    try {
      await this.#store.setMany(await this.#peers.dump(peer))
    } catch (err) {
      this.#c.log.warn(`could not copy the tree of ${peer.peerId}: ${String(err)}`)
    }
  }

  protected override async close(): Promise<void> {
    for (const answer of [...this.#watchers]) answer()
    await this.#store.close()
  }

  protected override handlers(): Handlers {
    return {
      [TnsCommand.push]: async (b: PushBody) => {
        if (!Array.isArray(b.path)) throw new InvalidInputError('TNS_BAD_PATH', 'push needs path: string[]')
        await this.#store.setMany(flatten(b.path, b.data))
        if (b.replica !== true) await this.#fanOut(b)
        this.#changed()
        return { pushed: true }
      },
      [TnsCommand.fetch]: (b: FetchBody) => ({ object: assemble(b.path ?? [], this.#leavesUnder(b.path ?? [])) }),
      [TnsCommand.lookup]: (b: LookupBody) => {
        const prefix = segments(b.prefix ?? []).join('/')
        const keys =
          b.regex === true
            ? this.#store.keys().filter(k => new RegExp(prefix).test(k))
            : this.#store.keys().filter(k => under(k, prefix))
        return { keys: keys.map(k => `/${k}`) }
      },
      [TnsCommand.list]: (b: ListBody) => {
        const depth = b.depth ?? 1
        const uniq = new Map(
          this.#store.keys().map(k => {
            const s = k.split('/').slice(0, depth)
            return [s.join('/'), s]
          })
        )
        return { keys: [...uniq.values()] }
      },
      [TnsCommand.dump]: (): DumpReply => ({ leaves: this.#store.entries() }),
      [TnsCommand.watch]: async (b: WatchBody): Promise<WatchReply> => {
        if (b.since !== this.#version) return { version: this.#version }
        await new Promise<void>(resolve => {
          const answer = (): void => {
            clearTimeout(timer)
            this.#watchers.delete(answer)
            resolve()
          }
          const timer = setTimeout(answer, WATCH_HOLD_MS)
          this.#watchers.add(answer)
        })
        return { version: this.#version }
      }
    }
  }

  #leavesUnder(path: string[]): Leaves {
    const prefix = segments(path).join('/')
    return this.#store.entries().filter(([k]) => under(k, prefix))
  }

  /** A new version of the tree: every held watch answers. */
  #changed(): void {
    this.#changes++
    for (const answer of [...this.#watchers]) answer()
  }

  async #fanOut(b: PushBody): Promise<void> {
    const self = this.#c.node.peerId.toString()
    const others = this.#peers.peers().filter(e => e.peerId !== self)
    await Promise.all(
      others.map(async peer => {
        await this.#peers.push(b.path, b.data, peer, true).catch(err => {
          this.#c.log.warn(`replicating to ${peer.peerId} failed: ${String(err)}`)
        })
      })
    )
  }
}
