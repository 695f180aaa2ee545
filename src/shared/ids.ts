/**
 * Taubyte-style identifiers. Everything here is a base58btc-encoded sha2-256 multihash (a 46-char
 * `Qm…` string, also a valid CIDv0), exactly like tau's id generator and its multihash helper.
 *
 * The digest is computed with node's crypto and wrapped with multiformats' Digest so that every
 * function stays synchronous (the multiformats hasher is typed as possibly async).
 */
import { createHash, randomBytes } from 'node:crypto'
import { sha256 } from 'multiformats/hashes/sha2'
import * as Digest from 'multiformats/hashes/digest'
import { base58btc } from 'multiformats/bases/base58'

/** base58btc (no multibase prefix) of the sha2-256 multihash of `bytes`. */
function multihashB58(bytes: Uint8Array): string {
  const raw = createHash('sha256').update(bytes).digest()
  const mh = Digest.create(sha256.code, new Uint8Array(raw))
  // baseEncode skips the multibase 'z' prefix: tau stores bare base58 (`Qm…`).
  return base58btc.baseEncode(mh.bytes)
}

/**
 * A fresh random id, like tau's `id.Generate(args...)`: hash of the parts, 32 random bytes and the
 * current unix time. The parts only add context; uniqueness comes from the random bytes.
 */
export function generateId(...parts: string[]): string {
  const buf = Buffer.concat([
    Buffer.from(parts.join(''), 'utf8'),
    randomBytes(32),
    Buffer.from(String(Math.floor(Date.now() / 1000)), 'utf8')
  ])
  return multihashB58(buf)
}

/** `multihash.Hash(s)`: the same input always gives the same `Qm…` id. */
export function deterministicId(s: string): string {
  return multihashB58(Buffer.from(s, 'utf8'))
}

/** TNS key segment for a built artifact: `assets/<assetKey(P, resId, branch)>` (written by monkey). */
export function assetKey(projectId: string, resourceId: string, branch: string): string {
  return deterministicId(projectId + resourceId + branch)
}

/**
 * Deterministic job id for a push, so a redelivered webhook maps to the job it already created.
 * `pushedAt` is the payload's `repository.pushed_at` as sent by the provider.
 */
export function jobId(repoId: string | number, ref: string, after: string, pushedAt: string | number): string {
  return deterministicId(`v1:github:${repoId}:${ref}:${after}:${pushedAt}`)
}
