import { randomBytes } from 'node:crypto'
import { join } from 'node:path'
import { BaseService } from '../base.js'
import { commands, type Commands } from '../../p2p/commands.js'
import { JsonStore } from '../../shared/json-store.js'
import { InvalidInputError } from '../../shared/errors.js'
import type { ServiceComponents } from '../types.js'
import { TnsClient } from './client.js'
import { assemble, flatten, segments, under, type Leaves } from './tree.js'
import {
  TnsBodies,
  TnsCommand,
  type BatchBody,
  type BatchReply,
  type DumpReply,
  type FetchReply,
  type TnsWrite,
  type WatchReply
} from './protocol.js'
import type { TnsSettings } from './settings.js'

export type TnsComponents = Pick<ServiceComponents, 'node' | 'http' | 'directory' | 'root' | 'log'>

/**
 * The name service: a hierarchical key/value tree of compiled projects, indexes, assets and repo links,
 * persisted under the node's root. Each push or batch is fanned out to the other tns nodes, and a tns node that
 * joins a running universe first copies the tree of one that is already there, so any tns answers the same.
 * A batch is one change: its writes land in the same tick as the version moves, so a read sees all or none of
 * them, and every read says the version it saw. Consumers that cache what they read (substrates) hold a `watch`
 * open and learn of every change; tns does not know them.
 */
export class TnsService extends BaseService {
  readonly name = 'tns'
  readonly #c: TnsComponents
  readonly #store: JsonStore
  readonly #peers: TnsClient
  readonly #settings: TnsSettings
  #changes = 0
  /** A token of this run of the node: versions of another run are not comparable with this one's. */
  #run = ''
  /** Held `watch` calls, answered on the next change or when their hold time ends. */
  readonly #watchers = new Set<() => void>()

  constructor(components: TnsComponents, settings: TnsSettings) {
    super(components)
    this.#c = components
    this.#settings = settings
    this.#store = new JsonStore(join(components.root, 'tns.json'))
    this.#peers = new TnsClient(components.node, components.directory)
  }

  get #version(): string {
    return `${this.#c.node.peerId.toString()}/${this.#run}:${this.#changes}`
  }

  protected override async open(): Promise<void> {
    this.#run = randomBytes(4).toString('hex')
    this.#changes = 0
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

  protected override handlers(): Commands {
    return commands(TnsBodies, {
      [TnsCommand.push]: async b => {
        await this.#apply([{ path: b.path, data: b.data }], b.replica === true)
        return { pushed: true }
      },
      [TnsCommand.batch]: async (b): Promise<BatchReply> => {
        checkBatch(b)
        return { version: await this.#apply(b.writes, b.replica === true) }
      },
      [TnsCommand.fetch]: (b): FetchReply => ({
        object: assemble(b.path, this.#leavesUnder(b.path)),
        version: this.#version
      }),
      [TnsCommand.lookup]: b => {
        const prefix = segments(b.prefix).join('/')
        const keys =
          b.regex === true
            ? this.#store.keys().filter(k => new RegExp(prefix).test(k))
            : this.#store.keys().filter(k => under(k, prefix))
        return { keys: keys.map(k => `/${k}`) }
      },
      [TnsCommand.list]: b => {
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
      [TnsCommand.watch]: async (b): Promise<WatchReply> => {
        if (b.since !== this.#version) return { version: this.#version }
        await new Promise<void>(resolve => {
          const answer = (): void => {
            clearTimeout(timer)
            this.#watchers.delete(answer)
            resolve()
          }
          const timer = setTimeout(answer, this.#settings.watchHoldMs)
          this.#watchers.add(answer)
        })
        return { version: this.#version }
      }
    })
  }

  #leavesUnder(path: string[]): Leaves {
    const prefix = segments(path).join('/')
    return this.#store.entries().filter(([k]) => under(k, prefix))
  }

  /**
   * Writes every leaf of `writes` and moves the version once, in one tick (JsonStore sets its map before its
   * first await, which only waits for the disk): no read sees some of the writes without the rest, nor new
   * leaves under the old version. Then copies the writes to the other tns nodes as one batch, unless they are
   * themselves such a copy. Returns the version the writes made.
   */
  async #apply(writes: TnsWrite[], replica: boolean): Promise<string> {
    const saved = this.#store.setMany(writes.flatMap(w => flatten(w.path, w.data)))
    this.#changed()
    const version = this.#version
    await saved
    if (!replica) await this.#fanOut(writes)
    return version
  }

  /** A new version of the tree: every held watch answers. */
  #changed(): void {
    this.#changes++
    for (const answer of [...this.#watchers]) answer()
  }

  async #fanOut(writes: TnsWrite[]): Promise<void> {
    const self = this.#c.node.peerId.toString()
    const others = this.#peers.peers().filter(e => e.peerId !== self)
    await Promise.all(
      others.map(async peer => {
        await this.#peers.batch(writes, peer, true).catch(err => {
          this.#c.log.warn(`replicating to ${peer.peerId} failed: ${String(err)}`)
        })
      })
    )
  }
}

/** A batch is a non-empty list of writes, each with a path of strings; anything else is refused whole. */
function checkBatch(b: BatchBody): void {
  if (!Array.isArray(b.writes) || b.writes.length === 0)
    throw new InvalidInputError('TNS_BAD_BATCH', 'batch needs writes: a non-empty list of { path: string[], data }')
  b.writes.forEach((w, i) => {
    if (typeof w !== 'object' || w === null || !Array.isArray(w.path) || w.path.some(p => typeof p !== 'string'))
      throw new InvalidInputError(
        'TNS_BAD_PATH',
        `batch write ${i} needs path: string[] (got ${JSON.stringify(w?.path)}); nothing of the batch was written`
      )
  })
}
