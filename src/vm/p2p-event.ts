/**
 * A p2p event (go-sdk `p2p/event`): the command a p2p-triggered call runs for, as the guest reads it (the getters
 * are in p2p-sdk.ts), and the answer it writes back.
 */
import { peerCid } from '../shared/cid.js'
import { encode } from './guest-memory.js'

/** The command a p2p-triggered call runs for. */
export interface P2PEventData {
  protocol: string
  command: string
  data: Uint8Array
  /** The peer ids of the calling node and of the node running the call. */
  from: string
  to: string
}

/** A p2p event under way: what the guest reads, and what it wrote back. */
export interface P2PEvent {
  protocol: Uint8Array
  command: Uint8Array
  data: Uint8Array
  response: Uint8Array
  from: Uint8Array
  to: Uint8Array
}

/** A p2p event as the guest reads it. */
export function p2pEvent(d: P2PEventData): P2PEvent {
  const cid = (peerId: string): Uint8Array => (peerId === '' ? new Uint8Array(0) : peerCid(peerId))
  return {
    protocol: encode(d.protocol),
    command: encode(d.command),
    data: d.data,
    response: new Uint8Array(0),
    from: cid(d.from),
    to: cid(d.to)
  }
}
