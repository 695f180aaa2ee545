import { CID } from 'multiformats/cid'
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
