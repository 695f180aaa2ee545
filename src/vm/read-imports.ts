/**
 * What a wasm binary imports (module and name), read from its import section without compiling it: cheap
 * enough for megabyte Go modules, for the builder's import check and for keeping WASI modules away from work
 * that only pays off for modules that can run inline.
 */
import { readU32 } from './leb.js'

function skipLimits(b: Uint8Array, at: number): number {
  const flags = b[at] ?? 0
  const min = readU32(b, at + 1)
  return (flags & 0x01) === 0 ? min.next : readU32(b, min.next).next
}

interface WasmImport {
  module: string
  name: string
}

export function readImports(bytes: Uint8Array): WasmImport[] {
  const out: WasmImport[] = []
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
        const name = readU32(bytes, mod.next + mod.value)
        out.push({
          module: utf8.decode(bytes.subarray(mod.next, mod.next + mod.value)),
          name: utf8.decode(bytes.subarray(name.next, name.next + name.value))
        })
        p = name.next + name.value
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
