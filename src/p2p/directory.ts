import type { Multiaddr } from '@multiformats/multiaddr'

/** What the universe knows of one running node: its role, peer id, addresses and ports. */
export interface NodeEntry {
  /** Service name (`tns`) or simple name (`client`). */
  role: string
  kind: 'service' | 'simple'
  peerId: string
  addrs: Multiaddr[]
  /** Ports this node listens on: p2p always, http for services, dns for seer. */
  ports: Record<string, number>
}

/**
 * The universe's registry of live nodes, in join order. Services use it to find peers that run a protocol (the
 * job tau gives to DHT rendezvous and seer): on one machine a registry owned by the universe is exact.
 */
export class Directory {
  readonly #entries = new Map<string, NodeEntry>()

  add(entry: NodeEntry): void {
    this.#entries.set(entry.peerId, entry)
  }
  remove(peerId: string): void {
    this.#entries.delete(peerId)
  }
  all(): NodeEntry[] {
    return [...this.#entries.values()]
  }
  byRole(role: string): NodeEntry[] {
    return this.all().filter(e => e.role === role)
  }
  get(peerId: string): NodeEntry | undefined {
    return this.#entries.get(peerId)
  }
}
