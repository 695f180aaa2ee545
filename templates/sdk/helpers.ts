import { log } from "./log";

// Size-then-read plumbing shared by every getter: the host writes a u32 LE size into a 4-byte cell,
// then fills a buffer of exactly that size.

/** A 4-byte out-parameter cell in linear memory. */
export class U32 {
  private buf: ArrayBuffer = new ArrayBuffer(4);
  get ptr(): usize { return changetype<usize>(this.buf); }
  load(): u32 { return load<u32>(changetype<usize>(this.buf)); }
  /** The cell's address, to pass to a host function (the published SDK's name). */
  send(): u32 { return <u32>this.ptr; }
  /** Logs `prefix` and the value as two lines (through env._log: a function has no console). */
  log(prefix: string): void {
    log(prefix);
    log(this.load().toString());
  }
}

/** A UTF-8 copy of a string as the published SDK passes one: `ptr()` and `len()`. */
export class StringHelper {
  private buf: ArrayBuffer;
  constructor(str: string) { this.buf = String.UTF8.encode(str); }
  ptr(): u32 { return <u32>changetype<usize>(this.buf); }
  len(): u32 { return <u32>this.buf.byteLength; }
}

/** A UTF-8 copy of a string, with the pointer and length the host expects. */
export class Utf8 {
  private buf: ArrayBuffer;
  constructor(s: string) { this.buf = String.UTF8.encode(s); }
  get ptr(): usize { return changetype<usize>(this.buf); }
  get len(): u32 { return <u32>this.buf.byteLength; }
}

/** Splits a host list of NUL-terminated strings. */
export function splitNul(buf: ArrayBuffer): string[] {
  let out = new Array<string>();
  let base = changetype<usize>(buf);
  let n = buf.byteLength;
  let start = 0;
  for (let i = 0; i < n; i++) {
    if (load<u8>(base + i) == 0) {
      out.push(String.UTF8.decodeUnsafe(base + start, i - start));
      start = i + 1;
    }
  }
  if (start < n) out.push(String.UTF8.decodeUnsafe(base + start, n - start));
  return out;
}

/** Bytes the host hands over a chunk at a time (a body, a file), joined once the last has come. */
export class Chunks {
  private parts: Uint8Array[] = new Array<Uint8Array>();
  private total: i32 = 0;
  constructor(private size: i32 = 64 * 1024) {}

  /** A buffer for the next read. */
  next(): Uint8Array { return new Uint8Array(this.size); }

  /** Keeps the first `count` bytes of a buffer `next()` gave. */
  keep(chunk: Uint8Array, count: i32): void {
    if (count <= 0) return;
    this.parts.push(chunk.subarray(0, count));
    this.total += count;
  }

  /** Every byte kept, in order. */
  join(): Uint8Array {
    let out = new Uint8Array(this.total);
    let at = 0;
    for (let i = 0; i < this.parts.length; i++) {
      out.set(this.parts[i], at);
      at += this.parts[i].length;
    }
    return out;
  }
}
