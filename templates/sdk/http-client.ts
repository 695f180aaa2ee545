// `sdk/http-client`: go-sdk's `http/client` for AssemblyScript (the published AssemblyScript SDK has none):
// HttpClient.new(), then request(url) → setMethod/setHeader/addHeader/setBody → do() → HttpResponse with
// header/headers/headerKeys and body/bodyString. The host makes the request, within what the function's own
// timeout leaves. Errors carry go-sdk's text.
import "./env"; // loads the abort handler named by the builder's --use abort=~lib/sdk/env/sdkAbort
import { Return, textOf } from "./return";
import { ERRNO_EOF, errorString } from "./errno";
import { Chunks, U32, Utf8, splitNul } from "./helpers";

@external("taubyte/sdk", "newHttpClient") declare function newHttpClient(idPtr: usize): u32;
@external("taubyte/sdk", "newHttpRequest") declare function newHttpRequest(client: u32, idPtr: usize): u32;
@external("taubyte/sdk", "setHttpRequestURL")
declare function setHttpRequestURL(client: u32, id: u32, url: usize, urlLen: u32): u32;
@external("taubyte/sdk", "setHttpRequestMethod") declare function setHttpRequestMethod(client: u32, id: u32, method: u32): u32;
@external("taubyte/sdk", "setHttpRequestBody")
declare function setHttpRequestBody(client: u32, id: u32, body: usize, bodyLen: u32): u32;
@external("taubyte/sdk", "setHttpRequestHeader")
declare function setHttpRequestHeader(client: u32, id: u32, key: usize, keyLen: u32, values: usize, valuesLen: u32): u32;
@external("taubyte/sdk", "addHttpRequestHeader")
declare function addHttpRequestHeader(client: u32, id: u32, key: usize, keyLen: u32, value: usize, valueLen: u32): u32;
@external("taubyte/sdk", "doHttpRequest") declare function doHttpRequest(client: u32, id: u32): u32;
@external("taubyte/sdk", "readHttpResponseBody")
declare function readHttpResponseBody(client: u32, id: u32, buf: usize, bufSize: u32, countPtr: usize): u32;
@external("taubyte/sdk", "closeHttpResponseBody") declare function closeHttpResponseBody(client: u32, id: u32): u32;
@external("taubyte/sdk", "getHttpResponseHeaderSize")
declare function getHttpResponseHeaderSize(client: u32, id: u32, key: usize, keyLen: u32, sizePtr: usize): u32;
@external("taubyte/sdk", "getHttpResponseHeader")
declare function getHttpResponseHeader(client: u32, id: u32, key: usize, keyLen: u32, buf: usize): u32;
@external("taubyte/sdk", "getHttpResponseHeaderKeysSize")
declare function getHttpResponseHeaderKeysSize(client: u32, id: u32, sizePtr: usize): u32;
@external("taubyte/sdk", "getHttpResponseHeaderKeys")
declare function getHttpResponseHeaderKeys(client: u32, id: u32, buf: usize, bufSize: u32): u32;

/** go-sdk's method numbers (utils/convert): the index is the number the host takes. */
const METHODS: string[] = ["", "GET", "POST", "PUT", "DELETE", "HEAD", "OPTIONS", "PATCH", "TRACE", "CONNECT"];

export class HttpClient {
  constructor(public readonly id: u32) {}

  static new(): Return<HttpClient> {
    let id = new U32();
    let err = newHttpClient(id.ptr);
    if (err != 0) return new Return<HttpClient>(new HttpClient(0), "Creating a new http client failed with: " + errorString(err));
    return new Return<HttpClient>(new HttpClient(id.load()), null);
  }

  /** A GET of `url` until told otherwise; an error when the URL does not parse. */
  request(url: string): Return<HttpRequest> {
    let id = new U32();
    let err = newHttpRequest(this.id, id.ptr);
    let none = new HttpRequest(this.id, 0);
    if (err != 0) return new Return<HttpRequest>(none, "Creating a new http request failed with: " + errorString(err));
    let u = new Utf8(url);
    err = setHttpRequestURL(this.id, id.load(), u.ptr, u.len);
    if (err != 0) return new Return<HttpRequest>(none, "Setting request url failed with: " + errorString(err));
    return new Return<HttpRequest>(new HttpRequest(this.id, id.load()), null);
  }
}

export class HttpRequest {
  constructor(public readonly client: u32, public readonly id: u32) {}

  /** GET, POST, PUT, DELETE, HEAD, OPTIONS, PATCH, TRACE or CONNECT (any case). */
  setMethod(method: string): Return<u32> {
    let n = METHODS.indexOf(method.toUpperCase());
    if (n <= 0) return new Return<u32>(0, "Setting HTTP request method failed with: unknown method `" + method + "`");
    let err = setHttpRequestMethod(this.client, this.id, <u32>n);
    if (err != 0) return new Return<u32>(err, "Setting HTTP request method failed with: " + errorString(err));
    return new Return<u32>(0, null);
  }

  /** Replaces the header `key` with `values`. */
  setHeader(key: string, values: string[]): Return<u32> {
    let k = new Utf8(key);
    let v = new Utf8(values.join("\0") + "\0");
    let err = setHttpRequestHeader(this.client, this.id, k.ptr, k.len, v.ptr, v.len);
    if (err != 0) return new Return<u32>(err, "Set header `" + key + "`, failed with: " + errorString(err));
    return new Return<u32>(0, null);
  }

  /** Adds `value` to the header `key`. */
  addHeader(key: string, value: string): Return<u32> {
    let k = new Utf8(key);
    let v = new Utf8(value);
    let err = addHttpRequestHeader(this.client, this.id, k.ptr, k.len, v.ptr, v.len);
    if (err != 0) return new Return<u32>(err, "Add header `" + key + "`:`" + value + "`, failed with: " + errorString(err));
    return new Return<u32>(0, null);
  }

  setBody(body: Uint8Array): Return<u32> {
    let err = setHttpRequestBody(this.client, this.id, body.dataStart, <u32>body.length);
    if (err != 0) return new Return<u32>(err, "Set Http Request body failed with " + errorString(err));
    return new Return<u32>(0, null);
  }

  setBodyString(body: string): Return<u32> {
    return this.setBody(Uint8Array.wrap(String.UTF8.encode(body)));
  }

  /** Makes the request; redirects are followed by the host. */
  do(): Return<HttpResponse> {
    let err = doHttpRequest(this.client, this.id);
    let res = new HttpResponse(this.client, this.id);
    if (err != 0) return new Return<HttpResponse>(res, "Executing HTTP request failed with: " + errorString(err));
    return new Return<HttpResponse>(res, null);
  }
}

export class HttpResponse {
  constructor(public readonly client: u32, public readonly id: u32) {}

  /** Every value of the header `key`. */
  headers(key: string): Return<string[]> {
    let k = new Utf8(key);
    let size = new U32();
    let err = getHttpResponseHeaderSize(this.client, this.id, k.ptr, k.len, size.ptr);
    if (err != 0) return new Return<string[]>([], "Get header size failed with: " + errorString(err));
    if (size.load() == 0) return new Return<string[]>([], null);
    let buf = new ArrayBuffer(<i32>size.load());
    err = getHttpResponseHeader(this.client, this.id, k.ptr, k.len, changetype<usize>(buf));
    if (err != 0) {
      return new Return<string[]>([], "Getting header for key: " + key + " failed with error: " + errorString(err));
    }
    return new Return<string[]>(splitNul(buf), null);
  }

  /** The first value of the header `key` ("" when it has none). */
  header(key: string): Return<string> {
    let r = this.headers(key);
    if (!r.ok) return new Return<string>("", r.err);
    let values = r.unwrap();
    return new Return<string>(values.length > 0 ? values[0] : "", null);
  }

  headerKeys(): Return<string[]> {
    let size = new U32();
    let err = getHttpResponseHeaderKeysSize(this.client, this.id, size.ptr);
    if (err != 0) return new Return<string[]>([], "Getting all header keys size failed with: " + errorString(err));
    if (size.load() == 0) return new Return<string[]>([], null);
    let buf = new ArrayBuffer(<i32>size.load());
    err = getHttpResponseHeaderKeys(this.client, this.id, changetype<usize>(buf), <u32>buf.byteLength);
    if (err != 0) return new Return<string[]>([], "Getting all header keys failed with: " + errorString(err));
    return new Return<string[]>(splitNul(buf), null);
  }

  /** The whole body, then closed. */
  body(): Return<Uint8Array> {
    let chunks = new Chunks();
    let count = new U32();
    while (true) {
      let chunk = chunks.next();
      let err = readHttpResponseBody(this.client, this.id, chunk.dataStart, <u32>chunk.length, count.ptr);
      if (err != 0 && err != ERRNO_EOF) {
        return new Return<Uint8Array>(new Uint8Array(0), "Reading HTTP response body failed with: " + errorString(err));
      }
      chunks.keep(chunk, <i32>count.load());
      if (err == ERRNO_EOF || count.load() == 0) break;
    }
    let err = closeHttpResponseBody(this.client, this.id);
    if (err != 0) return new Return<Uint8Array>(new Uint8Array(0), "Closing HTTP response body failed with: " + errorString(err));
    return new Return<Uint8Array>(chunks.join(), null);
  }

  bodyString(): Return<string> {
    return textOf(this.body());
  }
}
