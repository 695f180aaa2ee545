import '../shared/polyfill.js'
import { createLibp2p, type Libp2p } from 'libp2p'
import { tcp } from '@libp2p/tcp'
import { noise } from '@chainsafe/libp2p-noise'
import { yamux } from '@chainsafe/libp2p-yamux'
import { identify } from '@libp2p/identify'
import { ping } from '@libp2p/ping'
import { gossipsub, type GossipSub } from '@libp2p/gossipsub'
import { pskProtector } from './psk-protector.js'

export type P2PNode = Libp2p<{ identify: unknown; ping: unknown; pubsub?: GossipSub }>

export interface NodeOptions {
  /** PSK file bytes of the universe (see swarmKeyFor); undefined only in tests that prove isolation. */
  swarmKey?: Uint8Array
  /** TCP port to listen on; 0 lets the kernel choose. */
  port?: number
  /** Runs gossipsub (substrates: channel messages between nodes). */
  pubsub?: boolean
}

/**
 * One libp2p host: TCP on 127.0.0.1, noise, yamux, identify, ping, and the universe's private-network key.
 * Loopback is allow-listed because every node of a universe dials from 127.0.0.1 at once, which would trip the
 * default inbound rate limit of 5 connections per second per host.
 */
export async function createNode(o: NodeOptions = {}): Promise<P2PNode> {
  return (await createLibp2p({
    addresses: { listen: [`/ip4/127.0.0.1/tcp/${o.port ?? 0}`] },
    transports: [tcp()],
    connectionEncrypters: [noise()],
    // a burst of calls on a fresh connection may arrive before the receiving side has finished setting it up;
    // yamux's default of 10 such early streams would abort the whole connection. A stream also counts against
    // yamux's per-connection limits until the remote's close arrives, so a node running its full call gate (see
    // protocol.ts) can hold more than the gate's number of streams for a moment under load.
    streamMuxers: [yamux({ maxEarlyStreams: 1000, maxInboundStreams: 4096, maxOutboundStreams: 4096 })],
    ...(o.swarmKey !== undefined ? { connectionProtector: pskProtector(o.swarmKey) } : {}),
    connectionManager: { allow: ['/ip4/127.0.0.0/ipcidr/8'] },
    services: {
      identify: identify(),
      ping: ping(),
      // Publishing with no peer on the topic yet is normal (one substrate); local delivery is the caller's.
      ...(o.pubsub === true ? { pubsub: gossipsub({ allowPublishToZeroTopicPeers: true, emitSelf: false }) } : {})
    }
  })) as P2PNode
}

/** The TCP port a started node listens on. */
export function tcpPort(node: P2PNode): number {
  const addr = node.getMultiaddrs()[0]
  if (addr === undefined) throw new Error('node has no listen address')
  const port = addr.getComponents().find(c => c.name === 'tcp')?.value
  if (port === undefined) throw new Error(`${addr.toString()} has no tcp port`)
  return Number(port)
}
