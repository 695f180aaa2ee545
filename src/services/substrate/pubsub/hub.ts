import type { GossipSub, Message } from '@libp2p/gossipsub'
import type { Directory } from '../../../p2p/directory.js'
import type { P2PNode } from '../../../p2p/node.js'
import { errorMessage } from '../../../shared/errors.js'
import type { Logger } from '../../../shared/log.js'
import { decodeEnvelope, encodeEnvelope, type ChannelMessage } from './envelope.js'

export type ChannelListener = (m: ChannelMessage) => void

/**
 * This substrate's channel subscriptions over gossipsub. A topic is joined while it has a listener here and left
 * with its last one. A message published here reaches this node's listeners at once and the other substrates
 * through gossipsub; to make sure those can hear it, joining a topic first connects to every substrate of the
 * universe this node has no connection to yet.
 */
export class PubsubHub {
  readonly #node: P2PNode
  readonly #directory: Directory
  readonly #log: Logger
  readonly #listeners = new Map<string, Set<ChannelListener>>()
  readonly #onGossip = (evt: CustomEvent<Message>): void => {
    const m = decodeEnvelope(evt.detail.data)
    if (m !== undefined) this.#deliver(evt.detail.topic, m)
  }

  constructor(node: P2PNode, directory: Directory, log: Logger) {
    this.#node = node
    this.#directory = directory
    this.#log = log
  }

  get #gossip(): GossipSub {
    const g = this.#node.services.pubsub
    if (g === undefined) throw new Error('this node runs no gossipsub (createNode without pubsub)')
    return g
  }

  start(): void {
    this.#gossip.addEventListener('message', this.#onGossip)
  }

  stop(): void {
    const gossip = this.#node.services.pubsub
    gossip?.removeEventListener('message', this.#onGossip)
    for (const topic of this.#listeners.keys()) gossip?.unsubscribe(topic)
    this.#listeners.clear()
  }

  /** Topics with a listener here, with their listener counts. */
  get topics(): Record<string, number> {
    return Object.fromEntries([...this.#listeners].map(([t, l]) => [t, l.size]))
  }

  /** Adds a listener to `topic`; the returned function removes it. */
  subscribe(topic: string, listener: ChannelListener): () => void {
    let set = this.#listeners.get(topic)
    if (set === undefined) {
      set = new Set()
      this.#listeners.set(topic, set)
      this.#gossip.subscribe(topic)
      this.#connectSubstrates()
    }
    set.add(listener)
    return () => {
      const s = this.#listeners.get(topic)
      if (s === undefined || !s.delete(listener) || s.size > 0) return
      this.#listeners.delete(topic)
      this.#node.services.pubsub?.unsubscribe(topic)
    }
  }

  /** Delivers to this node's listeners, then sends to the other substrates (without waiting). */
  publish(topic: string, m: ChannelMessage): void {
    this.#deliver(topic, m)
    this.#gossip.publish(topic, encodeEnvelope(m)).catch((err: unknown) => {
      this.#log.debug(`publishing to ${topic} failed: ${errorMessage(err)}`)
    })
  }

  #deliver(topic: string, m: ChannelMessage): void {
    const set = this.#listeners.get(topic)
    if (set === undefined) return
    for (const l of [...set]) {
      try {
        l(m)
      } catch (err) {
        this.#log.warn(`a listener of ${topic} failed: ${errorMessage(err)}`)
      }
    }
  }

  #connectSubstrates(): void {
    const self = this.#node.peerId.toString()
    const connected = new Set(this.#node.getConnections().map(c => c.remotePeer.toString()))
    for (const e of this.#directory.byRole('substrate')) {
      if (e.peerId === self || connected.has(e.peerId)) continue
      this.#node.dial(e.addrs).catch((err: unknown) => {
        this.#log.debug(`connecting to substrate ${e.peerId} for pub/sub failed: ${errorMessage(err)}`)
      })
    }
  }
}
