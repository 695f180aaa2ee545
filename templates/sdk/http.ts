import "./env"; // loads the abort handler named by the builder's --use abort=~lib/sdk/env/sdkAbort
import { Return } from "./return";
import { errorString, ERRNO_EOF } from "./errno";
import { Chunks, U32, Utf8, splitNul } from "./helpers";
import { EventType } from "./event/type";

@external("taubyte/sdk", "getEventType") declare function getEventType(id: u32, typePtr: usize): void;

// Host functions of the HTTP event (tau `taubyte/sdk`); all sizes and out-params are u32 LE cells.
@external("taubyte/sdk", "getHttpEventMethodSize") declare function getHttpEventMethodSize(id: u32, sizePtr: usize): u32;
@external("taubyte/sdk", "getHttpEventMethod") declare function getHttpEventMethod(id: u32, buf: usize, size: u32): u32;
@external("taubyte/sdk", "getHttpEventHostSize") declare function getHttpEventHostSize(id: u32, sizePtr: usize): u32;
@external("taubyte/sdk", "getHttpEventHost") declare function getHttpEventHost(id: u32, buf: usize, size: u32): u32;
@external("taubyte/sdk", "getHttpEventPathSize") declare function getHttpEventPathSize(id: u32, sizePtr: usize): u32;
@external("taubyte/sdk", "getHttpEventPath") declare function getHttpEventPath(id: u32, buf: usize, size: u32): u32;
@external("taubyte/sdk", "getHttpEventUserAgentSize") declare function getHttpEventUserAgentSize(id: u32, sizePtr: usize): u32;
@external("taubyte/sdk", "getHttpEventUserAgent") declare function getHttpEventUserAgent(id: u32, buf: usize, size: u32): u32;
@external("taubyte/sdk", "getHttpEventHeadersSize") declare function getHttpEventHeadersSize(id: u32, sizePtr: usize, key: usize, keyLen: u32): u32;
@external("taubyte/sdk", "getHttpEventHeaders") declare function getHttpEventHeaders(id: u32, key: usize, keyLen: u32, buf: usize, size: u32): u32;
@external("taubyte/sdk", "getHttpEventHeaderVarNameByIdSize") declare function getHttpEventHeaderKeysSize(id: u32, sizePtr: usize): u32;
@external("taubyte/sdk", "getHttpEventHeaderVarNameById") declare function getHttpEventHeaderKeys(id: u32, buf: usize): u32;
@external("taubyte/sdk", "getHttpEventQueryValueByNameSize") declare function getHttpEventQueryValueByNameSize(id: u32, sizePtr: usize, key: usize, keyLen: u32): u32;
@external("taubyte/sdk", "getHttpEventQueryValueByName") declare function getHttpEventQueryValueByName(id: u32, key: usize, keyLen: u32, buf: usize, size: u32): u32;
@external("taubyte/sdk", "getHttpEventRequestQueryKeysSize") declare function getHttpEventRequestQueryKeysSize(id: u32, sizePtr: usize): u32;
@external("taubyte/sdk", "getHttpEventRequestQueryKeys") declare function getHttpEventRequestQueryKeys(id: u32, buf: usize): u32;
@external("taubyte/sdk", "readHttpEventBody") declare function readHttpEventBody(id: u32, buf: usize, size: u32, countPtr: usize): u32;
@external("taubyte/sdk", "closeHttpEventBody") declare function closeHttpEventBody(id: u32): u32;
@external("taubyte/sdk", "eventHttpWrite") declare function eventHttpWrite(id: u32, buf: usize, size: u32, writtenPtr: usize): u32;
@external("taubyte/sdk", "eventHttpFlush") declare function eventHttpFlush(id: u32): u32;
@external("taubyte/sdk", "eventHttpRetCode") declare function eventHttpRetCode(id: u32, code: u32): u32;
@external("taubyte/sdk", "eventHttpHeaderAdd") declare function eventHttpHeaderAdd(id: u32, key: usize, keyLen: u32, val: usize, valLen: u32): u32;
@external("taubyte/sdk", "eventHttpRedirect") declare function eventHttpRedirect(id: u32, url: usize, urlLen: u32, code: u32): u32;

const BODY_CHUNK: i32 = 4096;

/** Decodes `size` bytes the host wrote into `buf`, or "" on an error or an empty value. */
function text(err: u32, buf: ArrayBuffer): string {
  if (err != 0 || buf.byteLength == 0) return "";
  return String.UTF8.decode(buf);
}

/** An HTTP event: read the request, write the response. Getters return "" when the value is absent. */
export class HttpEvent {
  constructor(public readonly id: u32) {}

  /** The published SDK's name for the id. */
  get eventNum(): u32 { return this.id; }

  toString(): string { return this.id.toString(); }

  type(): EventType {
    let t = new U32();
    getEventType(this.id, t.ptr);
    return new EventType(t.load());
  }

  method(): string {
    let s = new U32();
    if (getHttpEventMethodSize(this.id, s.ptr) != 0) return "";
    let buf = new ArrayBuffer(<i32>s.load());
    return text(getHttpEventMethod(this.id, changetype<usize>(buf), s.load()), buf);
  }

  host(): string {
    let s = new U32();
    if (getHttpEventHostSize(this.id, s.ptr) != 0) return "";
    let buf = new ArrayBuffer(<i32>s.load());
    return text(getHttpEventHost(this.id, changetype<usize>(buf), s.load()), buf);
  }

  path(): string {
    let s = new U32();
    if (getHttpEventPathSize(this.id, s.ptr) != 0) return "";
    let buf = new ArrayBuffer(<i32>s.load());
    return text(getHttpEventPath(this.id, changetype<usize>(buf), s.load()), buf);
  }

  userAgent(): string {
    let s = new U32();
    if (getHttpEventUserAgentSize(this.id, s.ptr) != 0) return "";
    let buf = new ArrayBuffer(<i32>s.load());
    return text(getHttpEventUserAgent(this.id, changetype<usize>(buf), s.load()), buf);
  }

  /** The value of one request header (case-insensitive name). */
  header(name: string): string {
    let k = new Utf8(name);
    let s = new U32();
    if (getHttpEventHeadersSize(this.id, s.ptr, k.ptr, k.len) != 0) return "";
    let buf = new ArrayBuffer(<i32>s.load());
    return text(getHttpEventHeaders(this.id, k.ptr, k.len, changetype<usize>(buf), s.load()), buf);
  }

  headerKeys(): string[] {
    let s = new U32();
    if (getHttpEventHeaderKeysSize(this.id, s.ptr) != 0 || s.load() == 0) return new Array<string>();
    let buf = new ArrayBuffer(<i32>s.load());
    if (getHttpEventHeaderKeys(this.id, changetype<usize>(buf)) != 0) return new Array<string>();
    return splitNul(buf);
  }

  /** The first value of one query parameter. */
  query(name: string): string {
    let k = new Utf8(name);
    let s = new U32();
    if (getHttpEventQueryValueByNameSize(this.id, s.ptr, k.ptr, k.len) != 0) return "";
    let buf = new ArrayBuffer(<i32>s.load());
    return text(getHttpEventQueryValueByName(this.id, k.ptr, k.len, changetype<usize>(buf), s.load()), buf);
  }

  queryKeys(): string[] {
    let s = new U32();
    if (getHttpEventRequestQueryKeysSize(this.id, s.ptr) != 0 || s.load() == 0) return new Array<string>();
    let buf = new ArrayBuffer(<i32>s.load());
    if (getHttpEventRequestQueryKeys(this.id, changetype<usize>(buf)) != 0) return new Array<string>();
    return splitNul(buf);
  }

  /** The whole request body: reads chunks until the host answers EOF (errno 8), then closes it. */
  body(): Uint8Array {
    let chunks = new Chunks(BODY_CHUNK);
    let n = new U32();
    while (true) {
      let chunk = chunks.next();
      let err = readHttpEventBody(this.id, chunk.dataStart, <u32>chunk.length, n.ptr);
      chunks.keep(chunk, <i32>n.load());
      if (err == ERRNO_EOF) break;
      if (err != 0) abort("reading the body failed: " + errorString(err));
    }
    closeHttpEventBody(this.id);
    return chunks.join();
  }

  bodyString(): string {
    let b = this.body();
    return String.UTF8.decodeUnsafe(b.dataStart, <usize>b.length);
  }

  /** Writes a string (as UTF-8) or bytes to the response body; the first write sends status 200 unless set. */
  write<T>(value: T): Return<number> {
    let n = new U32();
    let err: u32;
    if (isString<T>()) {
      let s = new Utf8(changetype<string>(value));
      err = eventHttpWrite(this.id, s.ptr, s.len, n.ptr);
    } else if (value instanceof Uint8Array) {
      let b = changetype<Uint8Array>(value);
      err = eventHttpWrite(this.id, b.dataStart, <u32>b.length, n.ptr);
    } else {
      ERROR("HttpEvent.write takes a string or a Uint8Array");
      return new Return<number>(0, "unreachable");
    }
    if (err != 0) return new Return<number>(0, "write failed with: " + errorString(err));
    return new Return<number>(<f64>n.load());
  }

  flush(): u32 { return eventHttpFlush(this.id); }

  /** Sets the response status (100-999, else errno 5); call before the first write. */
  status(code: u32): u32 { return eventHttpRetCode(this.id, code); }

  addHeader(key: string, value: string): u32 {
    let k = new Utf8(key);
    let v = new Utf8(value);
    return eventHttpHeaderAdd(this.id, k.ptr, k.len, v.ptr, v.len);
  }

  /** Same host call as addHeader: the ABI only has "add" (tau's go-sdk `Headers().Set` does the same). */
  setHeader(key: string, value: string): u32 { return this.addHeader(key, value); }

  redirect(url: string, code: u32 = 307): u32 {
    let u = new Utf8(url);
    return eventHttpRedirect(this.id, u.ptr, u.len, code);
  }
}
