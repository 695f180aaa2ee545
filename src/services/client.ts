import type { P2PNode } from '../p2p/node.js'
import { call, PING, type CallOptions } from '../p2p/protocol.js'
import { DreamError } from '../shared/errors.js'
import type { Directory, NodeEntry } from '../p2p/directory.js'
import { PROTOCOLS, type ServiceName } from './types.js'

/**
 * Calls `cmd` on some live node of `service`, trying the others when one is unreachable (a killed copy), the way
 * tau's stream client asks discovered providers. A DreamError raised by the remote handler is not retried.
 */
export async function callService<T = unknown>(
  node: P2PNode,
  directory: Directory,
  service: ServiceName,
  cmd: string,
  body: unknown = {},
  o: CallOptions = {}
): Promise<T> {
  const protocol = PROTOCOLS[service]
  if (protocol === undefined) throw new DreamError('NO_PROTOCOL', `${service} has no p2p protocol`)
  const peers = shuffle(directory.byRole(service))
  if (peers.length === 0) {
    throw new DreamError(
      'SERVICE_NOT_RUNNING',
      `no ${service} node is running in this universe; start one with \`dream inject ${service}\``
    )
  }
  let last: unknown
  for (const peer of peers) {
    try {
      return await callPeer<T>(node, peer, service, cmd, body, o)
    } catch (err) {
      if (!(err instanceof DreamError) || (err.code !== 'P2P_UNREACHABLE' && err.code !== 'P2P_TIMEOUT')) throw err
      last = err
    }
  }
  throw last
}

/** Calls one given node of `service`. */
export async function callPeer<T = unknown>(
  node: P2PNode,
  peer: NodeEntry,
  service: ServiceName,
  cmd: string,
  body: unknown = {},
  o: CallOptions = {}
): Promise<T> {
  const protocol = PROTOCOLS[service]
  if (protocol === undefined) throw new DreamError('NO_PROTOCOL', `${service} has no p2p protocol`)
  return await call<T>(node, peer.addrs, protocol, cmd, body, o)
}

/**
 * The base of every typed service client: `call` goes to one given node when `peer` is set, else to some live
 * node of the service. Subclasses name their service and wrap each command in a typed method.
 */
export abstract class ServiceClient {
  protected abstract readonly service: ServiceName
  protected readonly node: P2PNode
  protected readonly directory: Directory

  constructor(node: P2PNode, directory: Directory) {
    this.node = node
    this.directory = directory
  }

  /** The live nodes of this client's service. */
  peers(): NodeEntry[] {
    return this.directory.byRole(this.service)
  }

  /** The command every service answers: the remote node's clock (unix seconds). */
  async ping(peer?: NodeEntry, o: CallOptions = {}): Promise<{ time: number }> {
    return await this.call<{ time: number }>(PING, {}, peer, o)
  }

  protected async call<T>(cmd: string, body: unknown, peer?: NodeEntry, o: CallOptions = {}): Promise<T> {
    return peer !== undefined
      ? await callPeer<T>(this.node, peer, this.service, cmd, body, o)
      : await callService<T>(this.node, this.directory, this.service, cmd, body, o)
  }
}

function shuffle<T>(xs: T[]): T[] {
  const a = [...xs]
  for (let i = a.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1))
    ;[a[i], a[j]] = [a[j] as T, a[i] as T]
  }
  return a
}
