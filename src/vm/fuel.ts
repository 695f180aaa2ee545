/**
 * Fuel metering by binary rewriting: a new mutable i32 global, exported as FUEL_EXPORT, is decremented at the
 * top of every loop, and a loop entered with no fuel left traps. A call then runs for a bounded number of loop
 * iterations, which is what lets a quick function run on the caller's thread without a worker (a runaway loop
 * ends within the budget, and the call is run again in a worker under its real timeout). Recursion needs no
 * meter: it ends in V8's stack limit. Modules using instructions this walker does not know (SIMD, threads)
 * are left unmetered: `meter` returns undefined and they always run in workers.
 */
import { readU32, writeU32 } from './leb.js'
import { concat } from './memory-cap.js'

export const FUEL_EXPORT = '__dream_fuel'

class Unsupported extends Error {}

/** Skips a LEB128 (signed or unsigned: only the continuation bits matter). */
function skipLeb(b: Uint8Array, at: number): number {
  while (((b[at] ?? 0) & 0x80) !== 0) at++
  if (at >= b.length) throw new Unsupported('truncated LEB128')
  return at + 1
}

const VALTYPES = new Set([0x40, 0x7f, 0x7e, 0x7d, 0x7c, 0x7b, 0x70, 0x6f])

function skipBlockType(b: Uint8Array, at: number): number {
  return VALTYPES.has(b[at] ?? -1) ? at + 1 : skipLeb(b, at)
}

function skipMemarg(b: Uint8Array, at: number): number {
  const align = readU32(b, at)
  let next = align.next
  if ((align.value & 0x40) !== 0) next = skipLeb(b, next) // multi-memory index
  return skipLeb(b, next)
}

/** Walks one function body's instructions, returning the offsets right after each `loop`'s block type. */
function loopStarts(b: Uint8Array, at: number, end: number): number[] {
  const out: number[] = []
  while (at < end) {
    const op = b[at++] as number
    if (op === 0x02 || op === 0x04) at = skipBlockType(b, at)
    else if (op === 0x03) {
      at = skipBlockType(b, at)
      out.push(at)
    } else if (op <= 0x01 || op === 0x05 || op === 0x0b || op === 0x0f || op === 0x1a || op === 0x1b || op === 0xd1)
      continue
    else if (
      op === 0x0c ||
      op === 0x0d ||
      op === 0x10 ||
      op === 0x12 ||
      op === 0xd2 ||
      (op >= 0x20 && op <= 0x26) ||
      op === 0x3f ||
      op === 0x40
    )
      at = skipLeb(b, at)
    else if (op === 0x0e) {
      const n = readU32(b, at)
      at = n.next
      for (let i = 0; i <= n.value; i++) at = skipLeb(b, at)
    } else if (op === 0x11 || op === 0x13) at = skipLeb(b, skipLeb(b, at))
    else if (op === 0x1c) {
      const n = readU32(b, at)
      at = n.next + n.value
    } else if (op >= 0x28 && op <= 0x3e) at = skipMemarg(b, at)
    else if (op === 0x41 || op === 0x42) at = skipLeb(b, at)
    else if (op === 0x43) at += 4
    else if (op === 0x44) at += 8
    else if (op >= 0x45 && op <= 0xc4) continue
    else if (op === 0xd0) at += 1
    else if (op === 0xfc) {
      const sub = readU32(b, at)
      at = sub.next
      if (sub.value <= 7) continue
      if (sub.value === 8 || sub.value === 10 || sub.value === 12 || sub.value === 14) at = skipLeb(b, skipLeb(b, at))
      else if (sub.value <= 17) at = skipLeb(b, at)
      else throw new Unsupported(`0xfc ${sub.value}`)
    } else throw new Unsupported(`opcode 0x${op.toString(16)}`)
  }
  return out
}

function check(g: number[]): number[] {
  // global.get G; i32.eqz; if; unreachable; end; global.get G; i32.const 1; i32.sub; global.set G
  return [0x23, ...g, 0x45, 0x04, 0x40, 0x00, 0x0b, 0x23, ...g, 0x41, 0x01, 0x6b, 0x24, ...g]
}

function meterCode(p: Uint8Array, g: number[]): Uint8Array {
  const count = readU32(p, 0)
  const parts: Uint8Array[] = [Uint8Array.from(writeU32(count.value))]
  let at = count.next
  const probe = Uint8Array.from(check(g))
  for (let i = 0; i < count.value; i++) {
    const size = readU32(p, at)
    const start = size.next
    const end = start + size.value
    let body = start
    const locals = readU32(p, body)
    body = locals.next
    for (let l = 0; l < locals.value; l++) body = skipLeb(p, body) + 1 // count + valtype
    const cuts = loopStarts(p, body, end)
    const pieces: Uint8Array[] = []
    let from = start
    for (const c of cuts) {
      pieces.push(p.subarray(from, c), probe)
      from = c
    }
    pieces.push(p.subarray(from, end))
    const fn = concat(pieces)
    parts.push(Uint8Array.from(writeU32(fn.length)), fn)
    at = end
  }
  return concat(parts)
}

function importedGlobals(p: Uint8Array): number {
  const count = readU32(p, 0)
  let at = count.next
  let n = 0
  for (let i = 0; i < count.value; i++) {
    at = readU32(p, at).next + readU32(p, at).value
    const name = readU32(p, at)
    at = name.next + name.value
    const kind = p[at++]
    if (kind === 0) at = skipLeb(p, at)
    else if (kind === 1) {
      at += 1
      at = (p[at] ?? 0) & 1 ? skipLeb(p, skipLeb(p, at + 1)) : skipLeb(p, at + 1)
    } else if (kind === 2) at = (p[at] ?? 0) & 1 ? skipLeb(p, skipLeb(p, at + 1)) : skipLeb(p, at + 1)
    else if (kind === 3) {
      at += 2
      n++
    } else throw new Unsupported(`import kind ${String(kind)}`)
  }
  return n
}

function section(id: number, payload: Uint8Array): Uint8Array {
  return concat([Uint8Array.from([id, ...writeU32(payload.length)]), payload])
}

/** Adds one entry to a vector-shaped section payload (count first). */
function appendEntry(p: Uint8Array | undefined, entry: number[]): Uint8Array {
  if (p === undefined) return Uint8Array.from([1, ...entry])
  const count = readU32(p, 0)
  return concat([Uint8Array.from(writeU32(count.value + 1)), p.subarray(count.next), Uint8Array.from(entry)])
}

/** Section order in a module; custom sections (0) keep their place. */
const ORDER = [1, 2, 3, 4, 5, 13, 6, 7, 8, 9, 12, 10, 11]

/**
 * A copy of `bytes` with fuel metering and the fuel global exported (initial value `budget`, so that start-up
 * code is metered too), or undefined when the module uses instructions the walker does not know.
 */
export function meter(bytes: Uint8Array, budget: number): Uint8Array | undefined {
  try {
    const sections = new Map<number, Uint8Array>()
    const order: Array<number | Uint8Array> = []
    let at = 8
    while (at < bytes.length) {
      const id = bytes[at] as number
      const size = readU32(bytes, at + 1)
      const end = size.next + size.value
      if (id === 0) order.push(bytes.subarray(at, end))
      else {
        sections.set(id, bytes.subarray(size.next, end))
        order.push(id)
      }
      at = end
    }
    const defined = sections.get(6) === undefined ? 0 : readU32(sections.get(6) as Uint8Array, 0).value
    const imported = sections.get(2) === undefined ? 0 : importedGlobals(sections.get(2) as Uint8Array)
    const g = writeU32(imported + defined)
    const name = new TextEncoder().encode(FUEL_EXPORT)
    const out = new Map<number, Uint8Array>(sections)
    out.set(6, appendEntry(sections.get(6), [0x7f, 0x01, 0x41, ...signedLeb(budget), 0x0b]))
    out.set(7, appendEntry(sections.get(7), [...writeU32(name.length), ...name, 0x03, ...g]))
    const code = sections.get(10)
    if (code !== undefined) out.set(10, meterCode(code, g))
    // Re-emit in the original order, inserting the global and export sections where they belong.
    const ids = [...new Set([...order.filter((x): x is number => typeof x === 'number'), 6, 7])].sort(
      (a, b) => ORDER.indexOf(a) - ORDER.indexOf(b)
    )
    const parts: Uint8Array[] = [bytes.subarray(0, 8)]
    for (const id of ids) parts.push(section(id, out.get(id) as Uint8Array))
    for (const c of order) if (typeof c !== 'number') parts.push(c)
    return concat(parts)
  } catch (err) {
    if (err instanceof Unsupported || err instanceof RangeError) return undefined
    throw err
  }
}

function signedLeb(v: number): number[] {
  const out: number[] = []
  let more = true
  while (more) {
    let byte = v & 0x7f
    v >>= 7
    if ((v === 0 && (byte & 0x40) === 0) || (v === -1 && (byte & 0x40) !== 0)) more = false
    else byte |= 0x80
    out.push(byte)
  }
  return out
}
