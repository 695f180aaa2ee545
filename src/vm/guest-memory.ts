/**
 * Bounds-checked access to an instance's linear memory. Views are re-created when the buffer changes
 * (every memory.grow detaches the old ArrayBuffer).
 */
import type { WasmMemory } from './webassembly.js'

const utf8 = new TextDecoder()
const utf16 = new TextDecoder('utf-16le')
const encoder = new TextEncoder()

export class OutOfBounds extends Error {}

export class GuestMemory {
  #buf: ArrayBuffer | undefined
  #u8 = new Uint8Array(0)
  #dv = new DataView(new ArrayBuffer(0))
  memory: WasmMemory | undefined

  #refresh(): void {
    const b = this.memory?.buffer
    if (b === undefined) throw new OutOfBounds('module exports no memory')
    if (b !== this.#buf) {
      this.#buf = b
      this.#u8 = new Uint8Array(b)
      this.#dv = new DataView(b)
    }
  }

  check(ptr: number, len: number): void {
    this.#refresh()
    if (ptr < 0 || len < 0 || ptr + len > this.#u8.length) throw new OutOfBounds(`address ${ptr}+${len} out of memory`)
  }

  bytes(ptr: number, len: number): Uint8Array {
    this.check(ptr >>> 0, len >>> 0)
    return this.#u8.subarray(ptr >>> 0, (ptr >>> 0) + (len >>> 0))
  }

  string(ptr: number, len: number): string {
    return utf8.decode(this.bytes(ptr, len))
  }

  /** An AssemblyScript string object (UTF-16, byte length in the header word before it), for env.abort. */
  asString(ptr: number): string {
    if (ptr === 0) return ''
    this.check((ptr >>> 0) - 4, 4)
    const len = this.#dv.getUint32((ptr >>> 0) - 4, true)
    return utf16.decode(this.bytes(ptr, len))
  }

  setU32(ptr: number, v: number): void {
    this.check(ptr >>> 0, 4)
    this.#dv.setUint32(ptr >>> 0, v >>> 0, true)
  }

  write(ptr: number, data: Uint8Array): void {
    this.check(ptr >>> 0, data.length)
    this.#u8.set(data, ptr >>> 0)
  }
}

export function encode(s: string): Uint8Array {
  return encoder.encode(s)
}
