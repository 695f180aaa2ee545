/**
 * Finding out that a trap was "out of memory". AssemblyScript's allocators do
 * `if (memory.grow(n) < 0) unreachable()`, so a failed grow is a plain `unreachable` trap; the host cannot
 * observe `memory.grow` itself. So at load time we record the byte offsets of every `unreachable` (0x00) that
 * follows a `memory.grow` (0x40 0x00) within a few bytes in the code section, and store them in a custom
 * section; V8 reports a trap's module byte offset in its stack (`wasm-function[i]:0xOFF`), which the worker
 * looks up. Extra offsets (immediates that happen to be 0x00) are harmless: a trap never points at them.
 */
import { readU32, writeU32 } from './leb.js'
import { wasm, type WasmModule } from './webassembly.js'

const OOM_SECTION = 'dream.oom-sites'
const WINDOW = 16

export function findOomSites(bytes: Uint8Array): number[] {
  const sites: number[] = []
  let at = 8
  while (at < bytes.length) {
    const id = bytes[at]
    const size = readU32(bytes, at + 1)
    const end = size.next + size.value
    if (id === 10) {
      for (let i = size.next; i + 1 < end; i++) {
        if (bytes[i] !== 0x40 || bytes[i + 1] !== 0x00) continue
        for (let j = i + 2; j < Math.min(end, i + 2 + WINDOW); j++) if (bytes[j] === 0x00) sites.push(j)
      }
    }
    at = end
  }
  return sites
}

/** A custom section (id 0) listing the offsets; appended last so it shifts no code offset. */
export function oomSection(sites: number[]): Uint8Array {
  const name = new TextEncoder().encode(OOM_SECTION)
  const body = [...writeU32(name.length), ...name, ...writeU32(sites.length), ...sites.flatMap(s => writeU32(s))]
  return Uint8Array.from([0, ...writeU32(body.length), ...body])
}

export function readOomSites(m: WasmModule): Set<number> {
  const out = new Set<number>()
  for (const buf of wasm.Module.customSections(m, OOM_SECTION)) {
    const b = new Uint8Array(buf)
    const n = readU32(b, 0)
    let at = n.next
    for (let i = 0; i < n.value; i++) {
      const v = readU32(b, at)
      out.add(v.value)
      at = v.next
    }
  }
  return out
}

/** The module byte offset of the innermost wasm frame of a trap, from V8's stack text. */
export function trapOffset(err: Error): number | undefined {
  const m = /wasm-function\[\d+\]:0x([0-9a-f]+)/.exec(err.stack ?? '')
  return m?.[1] !== undefined ? parseInt(m[1], 16) : undefined
}
