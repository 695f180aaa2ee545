/**
 * Caps a module's linear memory by rewriting its binary: the memory section's (5) limits, or an imported
 * memory's in the import section (2), get `maximum = cap pages`, so `memory.grow` beyond the function's
 * `execution.memory` fails inside the guest, as on tau. V8 has no per-instance memory limit, hence the
 * rewrite. Sections are re-encoded with their new sizes; everything else is copied byte for byte.
 */
import { DreamError } from '../shared/errors.js'
import { readU32, writeU32 } from './leb.js'

const PAGE = 65536
const MAX_PAGES = 65536

export function capPages(memoryBytes: number): number {
  return Math.max(1, Math.min(MAX_PAGES, Math.ceil(memoryBytes / PAGE)))
}

interface Limits {
  flags: number
  min: number
  max?: number
  next: number
}

function readLimits(b: Uint8Array, at: number): Limits {
  const flags = b[at] ?? 0
  if ((flags & 0x04) !== 0) throw new DreamError('FUNCTION_LOAD', 'memory64 modules are not supported')
  const min = readU32(b, at + 1)
  if ((flags & 0x01) === 0) return { flags, min: min.value, next: min.next }
  const max = readU32(b, min.next)
  return { flags, min: min.value, max: max.value, next: max.next }
}

/** New limits bytes with maximum = min(existing max, cap). */
function cappedLimits(l: Limits, cap: number, name: string): number[] {
  if (l.min > cap) {
    throw new DreamError(
      'FUNCTION_MEMORY',
      `function ${name} needs ${l.min} pages (${l.min * PAGE} bytes) at start, over its memory cap of ${cap} pages`
    )
  }
  const max = l.max === undefined ? cap : Math.min(l.max, cap)
  return [l.flags | 0x01, ...writeU32(l.min), ...writeU32(max)]
}

function rewriteMemorySection(p: Uint8Array, cap: number, name: string): number[] {
  const count = readU32(p, 0)
  const out = [...writeU32(count.value)]
  let at = count.next
  for (let i = 0; i < count.value; i++) {
    const l = readLimits(p, at)
    out.push(...cappedLimits(l, cap, name))
    at = l.next
  }
  return out
}

function skipName(p: Uint8Array, at: number): number {
  const n = readU32(p, at)
  return n.next + n.value
}

function rewriteImportSection(p: Uint8Array, cap: number, name: string): number[] {
  const count = readU32(p, 0)
  const out = [...writeU32(count.value)]
  let at = count.next
  for (let i = 0; i < count.value; i++) {
    const start = at
    at = skipName(p, skipName(p, at))
    const kind = p[at++]
    if (kind === 2) {
      out.push(...p.subarray(start, at))
      const l = readLimits(p, at)
      out.push(...cappedLimits(l, cap, name))
      at = l.next
      continue
    }
    if (kind === 0)
      at = readU32(p, at).next // type index
    else if (kind === 1)
      at = readLimits(p, at + 1).next // reftype + limits
    else if (kind === 3)
      at += 2 // valtype + mutability
    else if (kind === 4)
      at = readU32(p, at + 1).next // tag: attribute + type index
    else throw new DreamError('FUNCTION_LOAD', `unknown import kind ${String(kind)}`)
    out.push(...p.subarray(start, at))
  }
  return out
}

function section(id: number, payload: ArrayLike<number>): number[] {
  return [id, ...writeU32(payload.length), ...Array.from(payload)]
}

/** Returns a copy of `bytes` whose memories (defined or imported) cannot grow past `pages`. */
export function capMemory(bytes: Uint8Array, pages: number, name = 'module'): Uint8Array {
  if (bytes.length < 8 || bytes[0] !== 0 || bytes[1] !== 0x61 || bytes[2] !== 0x73 || bytes[3] !== 0x6d) {
    throw new DreamError('FUNCTION_LOAD', `${name} is not a WebAssembly binary`)
  }
  const parts: Uint8Array[] = [bytes.subarray(0, 8)]
  let at = 8
  while (at < bytes.length) {
    const id = bytes[at] as number
    const size = readU32(bytes, at + 1)
    const end = size.next + size.value
    const payload = bytes.subarray(size.next, end)
    if (id === 5) parts.push(Uint8Array.from(section(5, rewriteMemorySection(payload, pages, name))))
    else if (id === 2) parts.push(Uint8Array.from(section(2, rewriteImportSection(payload, pages, name))))
    else parts.push(bytes.subarray(at, end))
    at = end
  }
  return concat(parts)
}

export function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0))
  let at = 0
  for (const p of parts) {
    out.set(p, at)
    at += p.length
  }
  return out
}
