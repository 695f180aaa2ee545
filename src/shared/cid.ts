import { base58btc } from 'multiformats/bases/base58'
import { CID } from 'multiformats/cid'
import * as Digest from 'multiformats/hashes/digest'
import * as raw from 'multiformats/codecs/raw'
import { sha256 } from 'multiformats/hashes/sha2'

/** The content id of a blob: CIDv1, raw codec, sha2-256 (`bafkrei…`). */
export async function cidOf(bytes: Uint8Array): Promise<string> {
  return CID.createV1(raw.code, await sha256.digest(bytes)).toString()
}

/** True when `s` parses as a CID. */
export function isCid(s: string): boolean {
  try {
    CID.parse(s)
    return true
  } catch {
    return false
  }
}

/** The binary form of a CID string (what go-sdk's `cid.Cid` reads from a guest's buffer). */
export function cidBytes(s: string): Uint8Array {
  return CID.parse(s).bytes
}

/** The CID at the start of `bytes` (a guest's buffer may be longer than the CID), as a string; undefined if none. */
export function cidFromBytes(bytes: Uint8Array): string | undefined {
  // As go-cid reads bytes: a CIDv0 is a sha2-256 multihash (0x12 0x20 ...), anything else must start as version 1.
  if (!(bytes[0] === 0x12 && bytes[1] === 0x20) && bytes[0] !== 1) return undefined
  try {
    return CID.decodeFirst(bytes)[0].toString()
  } catch {
    return undefined
  }
}

/** libp2p's multicodec for a public key, the codec of a peer id's CID (go-libp2p `peer.ToCid`). */
const LIBP2P_KEY = 0x72

/** A peer id (`12D3Koo…`) as go-libp2p's `peer.ToCid` gives it, in binary. */
export function peerCid(peerId: string): Uint8Array {
  return CID.createV1(LIBP2P_KEY, Digest.decode(base58btc.baseDecode(peerId))).bytes
}

/** The peer id of a peer's CID at the start of `bytes`, or undefined when there is none. */
export function peerIdFromCid(bytes: Uint8Array): string | undefined {
  if (bytes[0] !== 1) return undefined
  try {
    const cid = CID.decodeFirst(bytes)[0]
    return cid.code === LIBP2P_KEY ? base58btc.baseEncode(cid.multihash.bytes) : undefined
  } catch {
    return undefined
  }
}
