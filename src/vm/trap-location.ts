/**
 * Where in the function's own source a trap happened. The builder stores a line table in the module's
 * `dream.lines` custom section (see src/builder/source-map.ts): code-section-relative byte offsets mapped to
 * file:line:column, with standard-library and SDK code (`~lib/...`) marked as "no user location". The runtime
 * rewrites the memory section before compiling (memory-cap.ts), which moves the code section, so compileModule
 * records the code section's start in the module it compiles (`dream.code-start`). V8 names each wasm frame's
 * module byte offset in a trap's stack (`wasm-function[i]:0xOFF`); the first frame, innermost first, that maps
 * to a user file is the trap's location. Without a line table (e.g. a Go module), the innermost frame named by
 * the module's name section outside the language runtime is given instead.
 */
import { readU32, writeU32 } from './leb.js'
import { wasm, type WasmModule } from './webassembly.js'

const LINES_SECTION = 'dream.lines'
const CODE_START_SECTION = 'dream.code-start'

export interface LineTable {
  /** Code-section-relative offsets, ascending. */
  offsets: number[]
  /** Index into `files` + 1 per offset; 0 = not user code. */
  fileOf: number[]
  lines: number[]
  columns: number[]
  files: string[]
  /** Code-section-relative offsets where each function body starts, ascending. */
  functionStarts: number[]
}

/** The byte offset of the code section's (id 10) contents, or undefined when the module has none. */
export function codeSectionStart(bytes: Uint8Array): number | undefined {
  let at = 8
  while (at < bytes.length) {
    const id = bytes[at]
    const size = readU32(bytes, at + 1)
    if (id === 10) return size.next
    at = size.next + size.value
  }
  return undefined
}

function customSection(name: string, body: number[]): Uint8Array {
  const n = new TextEncoder().encode(name)
  const payload = [...writeU32(n.length), ...n, ...body]
  return Uint8Array.from([0, ...writeU32(payload.length), ...payload])
}

/** Code-section-relative offsets of each function body in `bytes`. */
export function functionStarts(bytes: Uint8Array): number[] {
  const start = codeSectionStart(bytes)
  if (start === undefined) return []
  const count = readU32(bytes, start)
  const out: number[] = []
  let at = count.next
  for (let i = 0; i < count.value; i++) {
    const size = readU32(bytes, at)
    out.push(size.next - start)
    at = size.next + size.value
  }
  return out
}

/** Records where `bytes`' code section starts; appended last, so it moves no code. */
export function codeStartSection(bytes: Uint8Array): Uint8Array {
  return customSection(CODE_START_SECTION, writeU32(codeSectionStart(bytes) ?? 0))
}

/** Encodes a line table as the `dream.lines` custom section (offsets as deltas, all LEB128). */
export function lineTableSection(t: LineTable): Uint8Array {
  const enc = new TextEncoder()
  const body: number[] = [...writeU32(t.files.length)]
  for (const f of t.files) {
    const b = enc.encode(f)
    body.push(...writeU32(b.length), ...b)
  }
  body.push(...writeU32(t.offsets.length))
  let prev = 0
  for (let i = 0; i < t.offsets.length; i++) {
    const off = t.offsets[i] ?? 0
    body.push(...writeU32(off - prev), ...writeU32(t.fileOf[i] ?? 0), ...writeU32(t.lines[i] ?? 0))
    body.push(...writeU32(t.columns[i] ?? 0))
    prev = off
  }
  body.push(...writeU32(t.functionStarts.length))
  prev = 0
  for (const s of t.functionStarts) {
    body.push(...writeU32(s - prev))
    prev = s
  }
  return customSection(LINES_SECTION, body)
}

function decodeLineTable(b: Uint8Array): LineTable {
  const dec = new TextDecoder()
  const t: LineTable = { offsets: [], fileOf: [], lines: [], columns: [], files: [], functionStarts: [] }
  const nFiles = readU32(b, 0)
  let at = nFiles.next
  for (let i = 0; i < nFiles.value; i++) {
    const len = readU32(b, at)
    t.files.push(dec.decode(b.subarray(len.next, len.next + len.value)))
    at = len.next + len.value
  }
  const n = readU32(b, at)
  at = n.next
  let off = 0
  for (let i = 0; i < n.value; i++) {
    const fields: number[] = []
    for (let k = 0; k < 4; k++) {
      const v = readU32(b, at)
      fields.push(v.value)
      at = v.next
    }
    off += fields[0] ?? 0
    t.offsets.push(off)
    t.fileOf.push(fields[1] ?? 0)
    t.lines.push(fields[2] ?? 0)
    t.columns.push(fields[3] ?? 0)
  }
  const nStarts = readU32(b, at)
  at = nStarts.next
  let start = 0
  for (let i = 0; i < nStarts.value; i++) {
    const v = readU32(b, at)
    start += v.value
    t.functionStarts.push(start)
    at = v.next
  }
  return t
}

export interface TrapSources {
  table?: LineTable
  codeStart?: number
}

/** Reads the line table and code start a module carries (either may be missing). */
export function readTrapSources(m: WasmModule): TrapSources {
  const out: TrapSources = {}
  const lines = wasm.Module.customSections(m, LINES_SECTION)[0]
  const start = wasm.Module.customSections(m, CODE_START_SECTION)[0]
  try {
    if (lines !== undefined) out.table = decodeLineTable(new Uint8Array(lines))
    if (start !== undefined) out.codeStart = readU32(new Uint8Array(start), 0).value
  } catch {
    return {} // a malformed section (not written by dream) only costs the location
  }
  return out
}

/** Index of the last value <= x in ascending `xs`, or -1. */
function lastAtOrBefore(xs: number[], x: number): number {
  let lo = 0
  let hi = xs.length - 1
  let found = -1
  while (lo <= hi) {
    const mid = (lo + hi) >> 1
    if ((xs[mid] ?? 0) <= x) {
      found = mid
      lo = mid + 1
    } else hi = mid - 1
  }
  return found
}

/**
 * `file:line:column` of a code-section-relative offset. An offset in library code that the optimiser inlined
 * into a user function (an array read's bounds check, say) is given the last user location before it in the
 * same function body: the statement that entered the library code.
 */
function lookup(t: LineTable, rel: number): string | undefined {
  const bodyStart = t.functionStarts[lastAtOrBefore(t.functionStarts, rel)] ?? 0
  for (let i = lastAtOrBefore(t.offsets, rel); i >= 0 && (t.offsets[i] ?? 0) >= bodyStart; i--) {
    const file = t.files[(t.fileOf[i] ?? 0) - 1]
    if (file !== undefined) return `${file}:${t.lines[i]}:${t.columns[i]}`
  }
  return undefined
}

const FRAME_RE = /^\s*at (?:(\S+) \()?wasm:\/\/[^:]*:wasm-function\[\d+\]:0x([0-9a-f]+)\)?$/gm
// Language runtimes' own functions (AssemblyScript's library, Go's runtime and its wasm trampolines): a trap
// inside them is reported at their caller.
const RUNTIME_NAME_RE = /^(?:\$|~lib\/|runtime\.|internal\/|syscall\.|_rt0_|wasm_|<)/

/** Where a trapping call was in the function's source ("at functions/x/x.ts:12:5" or "in main.ping"). */
export function trapLocation(err: unknown, s: TrapSources): string | undefined {
  const stack = err instanceof Error ? (err.stack ?? '') : ''
  const frames = [...stack.matchAll(FRAME_RE)].map(m => ({ name: m[1], offset: parseInt(m[2] ?? '0', 16) }))
  if (s.table !== undefined && s.codeStart !== undefined) {
    for (const f of frames) {
      const at = lookup(s.table, f.offset - s.codeStart)
      if (at !== undefined) return `at ${at}`
    }
  }
  const named = frames.find(f => f.name !== undefined && !RUNTIME_NAME_RE.test(f.name))
  return named?.name !== undefined ? `in ${named.name}` : undefined
}
