/**
 * Turns the source map asc writes with `--sourceMap` into the compact line table the runtime reads to name a
 * trap's file and line (src/vm/trap-location.ts), stored in the wasm itself as a custom section, which
 * WebAssembly ignores: the artifact stays one blob in hoarder. The map's "columns" are module byte offsets
 * (wasm source maps have one generated line); they are stored relative to the code section, so the runtime's
 * rewrite of earlier sections does not invalidate them. Standard-library and SDK files (`~lib/...`) are not
 * the user's code: their ranges are kept, as "no location", so the runtime skips to the calling frame.
 */
import { codeSectionStart, functionStarts, lineTableSection, type LineTable } from '../vm/trap-location.js'

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'
const B64_VALUE = new Map([...B64].map((c, i) => [c, i]))

/** The base64 VLQ numbers of one source map segment. */
function decodeSegment(seg: string): number[] {
  const out: number[] = []
  let value = 0
  let shift = 0
  for (const c of seg) {
    const d = B64_VALUE.get(c)
    if (d === undefined) throw new Error(`bad source map character ${JSON.stringify(c)}`)
    value += (d & 31) * 2 ** shift
    if ((d & 32) !== 0) {
      shift += 5
      continue
    }
    out.push(value % 2 === 1 ? -Math.floor(value / 2) : value / 2)
    value = 0
    shift = 0
  }
  return out
}

interface SourceMapJson {
  sources?: unknown
  mappings?: unknown
}

/**
 * The line table of `wasm` from its source map, with user files named `<prefix>/<file>` (the prefix is the
 * function's folder in its repository, e.g. `functions/ping`), or undefined when the map gives nothing usable.
 */
function lineTable(wasm: Uint8Array, mapText: string, prefix = ''): LineTable | undefined {
  const map = JSON.parse(mapText) as SourceMapJson
  const codeStart = codeSectionStart(wasm)
  if (!Array.isArray(map.sources) || typeof map.mappings !== 'string' || codeStart === undefined) return undefined
  const user = map.sources.map(s => typeof s === 'string' && !s.startsWith('~lib/'))
  const t: LineTable = {
    offsets: [],
    fileOf: [],
    lines: [],
    columns: [],
    files: [],
    functionStarts: functionStarts(wasm)
  }
  const fileIndex = new Map<number, number>()
  let offset = 0
  let src = 0
  let line = 0
  let col = 0
  for (const seg of map.mappings.split(/[,;]/)) {
    if (seg === '') continue
    const v = decodeSegment(seg)
    offset += v[0] ?? 0
    let file = 0
    // One field: a range with no source; four or five: source, line and column deltas (and a name).
    if (v.length >= 4) {
      src += v[1] ?? 0
      line += v[2] ?? 0
      col += v[3] ?? 0
      if (user[src] === true) {
        let i = fileIndex.get(src)
        if (i === undefined) {
          const name = String(map.sources[src])
          t.files.push(prefix === '' ? name : `${prefix.replace(/\/+$/, '')}/${name}`)
          i = t.files.length
          fileIndex.set(src, i)
        }
        file = i
      }
    }
    if (offset < codeStart) continue
    const last = t.fileOf.length - 1
    if (file === 0 && last >= 0 && t.fileOf[last] === 0) continue // merge runs of "not user code"
    t.offsets.push(offset - codeStart)
    t.fileOf.push(file)
    t.lines.push(file === 0 ? 0 : line + 1)
    t.columns.push(file === 0 ? 0 : col + 1)
  }
  return t.files.length === 0 ? undefined : t
}

/** `wasm` with its line table appended as a custom section (after everything, so no offset moves). */
export function withLineTable(wasm: Uint8Array, mapText: string, prefix = ''): Uint8Array {
  let t: LineTable | undefined
  try {
    t = lineTable(wasm, mapText, prefix)
  } catch {
    return wasm // a map we cannot read costs trap locations, not the build
  }
  if (t === undefined) return wasm
  const section = lineTableSection(t)
  const out = new Uint8Array(wasm.length + section.length)
  out.set(wasm, 0)
  out.set(section, wasm.length)
  return out
}
