/** Unsigned LEB128, as used for sizes, counts and limits in the wasm binary format. */
export function readU32(b: Uint8Array, at: number): { value: number; next: number } {
  let value = 0
  let shift = 0
  let i = at
  for (;;) {
    const byte = b[i++]
    if (byte === undefined) throw new RangeError('truncated LEB128')
    value += (byte & 0x7f) * 2 ** shift
    if ((byte & 0x80) === 0) break
    shift += 7
    if (shift > 35) throw new RangeError('LEB128 too long')
  }
  return { value, next: i }
}

export function writeU32(value: number): number[] {
  const out: number[] = []
  let v = value >>> 0
  do {
    let byte = v & 0x7f
    v >>>= 7
    if (v !== 0) byte |= 0x80
    out.push(byte)
  } while (v !== 0)
  return out
}
