/**
 * The module names a wasm binary imports from, read from its import section without compiling it: a cheap
 * test that keeps megabyte Go modules (they import `wasi_snapshot_preview1`) away from work that only pays off
 * for modules that can run inline.
 */
import { readU32 } from './leb.js'

function skipName (b: Uint8Array, at: number): number {
  const n = readU32(b, at)
  return n.next + n.value
}

function skipLimits (b: Uint8Array, at: number): number {
  const flags = b[at] ?? 0
  const min = readU32(b, at + 1)
  return (flags & 0x01) === 0 ? min.next : readU32(b, min.next).next
}

export function importModules (bytes: Uint8Array): Set<string> {
  const out = new Set<string>()
  const utf8 = new TextDecoder()
  let at = 8
  while (at < bytes.length) {
    const id = bytes[at] as number
    const size = readU32(bytes, at + 1)
    const end = size.next + size.value
    if (id === 2) {
      const count = readU32(bytes, size.next)
      let p = count.next
      for (let i = 0; i < count.value; i++) {
        const mod = readU32(bytes, p)
        out.add(utf8.decode(bytes.subarray(mod.next, mod.next + mod.value)))
        p = skipName(bytes, mod.next + mod.value)
        const kind = bytes[p++]
        if (kind === 0) p = readU32(bytes, p).next
        else if (kind === 1) p = skipLimits(bytes, p + 1)
        else if (kind === 2) p = skipLimits(bytes, p)
        else if (kind === 3) p += 2
        else if (kind === 4) p = readU32(bytes, p + 1).next
        else throw new RangeError(`unknown import kind ${String(kind)}`)
      }
      return out
    }
    at = end
  }
  return out
}
