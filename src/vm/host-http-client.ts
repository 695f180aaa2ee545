/**
 * The `taubyte/sdk` HTTP client functions, with tau's names, signatures and errno results (go-sdk `http/client`):
 * a client id, request ids under it, the request's method, URL, headers and body set one call at a time, then
 * `doHttpRequest`, after which the response's headers and body are read. The request itself is made by the node
 * (a host call, host-bridge.ts), which refuses the universe's own ports and bounds the response's size; its
 * timeout is what the function's own leaves, so the function gets the SDK's error before it is cut off. A module
 * importing any of these never runs inline. Ids count from 0 per call, as tau's per-instance ids do.
 */
import { clearUsed } from './clear-used.js'
import { Errno } from './errno.js'
import { guarded, hostAsker } from './host-guard.js'
import { encode, type GuestMemory } from './guest-memory.js'
import type { HostReply, OutboundRequest, OutboundResponse } from './host-calls.js'
import { type HostModule, perCall } from './host-module.js'

/** The one call: the request, made whole by the node (answered by the substrate's OutboundHttp). */
export interface HttpCall {
  op: 'httpDo'
  request: OutboundRequest
}

/** go-sdk's method numbers (utils/convert): index = number. */
const METHODS = ['', 'GET', 'POST', 'PUT', 'DELETE', 'HEAD', 'OPTIONS', 'PATCH', 'TRACE', 'CONNECT']

interface HttpClientContext {
  mem: GuestMemory
  /** The current call's log lines (swapped per call, so read each time). */
  readonly logs: string[]
  /** Milliseconds left before the current call's deadline. */
  remainingMs(): number
}

interface Request {
  method: string
  url: string | undefined
  /** Canonical header name → values, in insertion order. */
  headers: Map<string, string[]>
  body: Uint8Array
  response?: OutboundResponse & { at: number; closed: boolean }
}

type Fn = (...args: number[]) => number

/** Time kept back from the call's deadline so that the guest still runs after its request fails. */
const MARGIN_MS = 50

class HttpClients {
  readonly #clients = new Map<number, Map<number, Request>>()
  #nextClient = 0
  #nextRequest = 0

  /** Forgets every client: called when a guest call ends. */
  reset(): void {
    clearUsed(this.#clients)
    this.#nextClient = 0
    this.#nextRequest = 0
  }

  imports(ctx: HttpClientContext, host: ((c: HttpCall) => HostReply) | undefined): Record<string, Fn> {
    const guard = guarded
    const ask = hostAsker<HttpCall>(ctx, host, 'http client', 'outbound HTTP is')
    /** The request (client, request) names, or the errno tau answers for a missing one. */
    const request = (client: number, id: number): Request | number => {
      const reqs = this.#clients.get(client >>> 0)
      if (reqs === undefined) return Errno.ClientNotFound
      // tau answers AddressOutOfMemory for an unknown request id.
      return reqs.get(id >>> 0) ?? Errno.AddressOutOfMemory
    }
    const response = (client: number, id: number): NonNullable<Request['response']> | number => {
      const r = request(client, id)
      if (typeof r === 'number') return r
      return r.response ?? Errno.HttpRequestFailed
    }
    const sizeOf = (ptr: number, data: Uint8Array): number => {
      ctx.mem.setU32(ptr, data.length)
      return Errno.None
    }
    const requestHeader = (client: number, id: number, keyPtr: number, keyLen: number): Uint8Array | number => {
      const r = request(client, id)
      if (typeof r === 'number') return r
      return nulList(r.headers.get(canonical(ctx.mem.string(keyPtr, keyLen))) ?? [])
    }
    const responseHeader = (client: number, id: number, keyPtr: number, keyLen: number): Uint8Array | number => {
      const res = response(client, id)
      if (typeof res === 'number') return res
      const key = canonical(ctx.mem.string(keyPtr, keyLen))
      return nulList(res.headers.filter(([k]) => canonical(k) === key).map(([, v]) => v))
    }
    const requestKeys = (client: number, id: number): Uint8Array | number => {
      const r = request(client, id)
      return typeof r === 'number' ? r : nulList([...r.headers.keys()])
    }
    const responseKeys = (client: number, id: number): Uint8Array | number => {
      const res = response(client, id)
      return typeof res === 'number' ? res : nulList([...new Set(res.headers.map(([k]) => canonical(k)))])
    }
    /** The size/value getters of one side's headers and header keys (tau has the same four for each). */
    const headerReaders = (
      side: 'Request' | 'Response',
      header: (client: number, id: number, keyPtr: number, keyLen: number) => Uint8Array | number,
      keys: (client: number, id: number) => Uint8Array | number
    ): Record<string, Fn> => ({
      [`getHttp${side}HeaderSize`]: guard((client, id, keyPtr, keyLen, sizePtr) => {
        const v = header(client, id, keyPtr, keyLen)
        return typeof v === 'number' ? v : sizeOf(sizePtr, v)
      }),
      [`getHttp${side}Header`]: guard((client, id, keyPtr, keyLen, bufPtr) => {
        const v = header(client, id, keyPtr, keyLen)
        if (typeof v === 'number') return v
        ctx.mem.write(bufPtr, v)
        return Errno.None
      }),
      [`getHttp${side}HeaderKeysSize`]: guard((client, id, sizePtr) => {
        const v = keys(client, id)
        return typeof v === 'number' ? v : sizeOf(sizePtr, v)
      }),
      [`getHttp${side}HeaderKeys`]: guard((client, id, bufPtr, bufSize) => {
        const v = keys(client, id)
        if (typeof v === 'number') return v
        if (bufSize >>> 0 < v.length) return Errno.BufferTooSmall
        ctx.mem.write(bufPtr, v)
        return Errno.None
      })
    })
    const setHeader = (client: number, id: number, keyPtr: number, keyLen: number, values: string[], add: boolean) => {
      const r = request(client, id)
      if (typeof r === 'number') return r
      const key = canonical(ctx.mem.string(keyPtr, keyLen))
      r.headers.set(key, [...(add ? (r.headers.get(key) ?? []) : []), ...values])
      return Errno.None
    }

    return {
      newHttpClient: guard(idPtr => {
        ctx.mem.check(idPtr >>> 0, 4)
        const id = this.#nextClient++ >>> 0
        this.#clients.set(id, new Map())
        ctx.mem.setU32(idPtr, id)
        return Errno.None
      }),
      newHttpRequest: guard((client, idPtr) => {
        const reqs = this.#clients.get(client >>> 0)
        if (reqs === undefined) return Errno.ClientNotFound
        ctx.mem.check(idPtr >>> 0, 4)
        const id = this.#nextRequest++ >>> 0
        reqs.set(id, { method: 'GET', url: undefined, headers: new Map(), body: new Uint8Array(0) })
        ctx.mem.setU32(idPtr, id)
        return Errno.None
      }),
      setHttpRequestURL: guard((client, id, urlPtr, urlLen) => {
        const r = request(client, id)
        if (typeof r === 'number') return r
        const url = ctx.mem.string(urlPtr, urlLen)
        if (!URL.canParse(url)) return Errno.ParseUrlFailed
        r.url = url
        return Errno.None
      }),
      setHttpRequestMethod: guard((client, id, method) => {
        const r = request(client, id)
        if (typeof r === 'number') return r
        const name = METHODS[method >>> 0]
        if (name === undefined || name === '') return Errno.InvalidMethod
        r.method = name
        return Errno.None
      }),
      getHttpRequestMethod: guard((client, id, methodPtr) => {
        const r = request(client, id)
        if (typeof r === 'number') return r
        ctx.mem.setU32(methodPtr, METHODS.indexOf(r.method))
        return Errno.None
      }),
      setHttpRequestBody: guard((client, id, bodyPtr, bodySize) => {
        const r = request(client, id)
        if (typeof r === 'number') return r
        // A copy: the guest may reuse its buffer before the request is made.
        r.body = bodySize === 0 ? new Uint8Array(0) : ctx.mem.bytes(bodyPtr, bodySize).slice()
        return Errno.None
      }),
      setHttpRequestHeader: guard((client, id, keyPtr, keyLen, valPtr, valLen) =>
        setHeader(client, id, keyPtr, keyLen, splitNul(ctx.mem.string(valPtr, valLen)), false)
      ),
      // go-sdk passes one plain value here (not a list).
      addHttpRequestHeader: guard((client, id, keyPtr, keyLen, valPtr, valLen) =>
        setHeader(client, id, keyPtr, keyLen, [ctx.mem.string(valPtr, valLen)], true)
      ),
      deleteHttpRequestHeader: guard((client, id, keyPtr, keyLen) => {
        const r = request(client, id)
        if (typeof r === 'number') return r
        r.headers.delete(canonical(ctx.mem.string(keyPtr, keyLen)))
        return Errno.None
      }),
      ...headerReaders('Request', requestHeader, requestKeys),
      doHttpRequest: guard((client, id) => {
        const r = request(client, id)
        if (typeof r === 'number') return r
        if (r.url === undefined) return Errno.ParseUrlFailed
        const timeoutMs = Math.max(0, ctx.remainingMs() - MARGIN_MS)
        const headers = [...r.headers].flatMap(([k, vs]) => vs.map((v): [string, string] => [k, v]))
        const c: HttpCall = {
          op: 'httpDo',
          request: { method: r.method, url: r.url, headers, body: r.body, timeoutMs }
        }
        const reply = ask(c, Errno.HttpRequestFailed)
        if (!reply.ok) return reply.errno
        if (reply.response === undefined) {
          ctx.logs.push('http client: no response')
          return Errno.HttpRequestFailed
        }
        r.response = { ...reply.response, at: 0, closed: false }
        return Errno.None
      }),
      readHttpResponseBody: guard((client, id, bufPtr, bufSize, countPtr) => {
        const res = response(client, id)
        if (typeof res === 'number') return res
        if (res.closed) return Errno.HttpReadBody
        const n = Math.min(bufSize >>> 0, res.body.length - res.at)
        ctx.mem.write(bufPtr, res.body.subarray(res.at, res.at + n))
        ctx.mem.setU32(countPtr, n)
        res.at += n
        return res.at >= res.body.length ? Errno.EOF : Errno.None
      }),
      closeHttpResponseBody: guard((client, id) => {
        const res = response(client, id)
        if (typeof res === 'number') return res
        res.closed = true
        return Errno.None
      }),
      ...headerReaders('Response', responseHeader, responseKeys)
    }
  }
}

/** A header name as Go's net/http keys it (`content-type` → `Content-Type`). */
function canonical(name: string): string {
  return name
    .toLowerCase()
    .split('-')
    .map(w => w.charAt(0).toUpperCase() + w.slice(1))
    .join('-')
}

/** A string list as go-sdk's codec encodes it: each string followed by NUL. */
function nulList(values: string[]): Uint8Array {
  return encode(values.map(v => `${v}\0`).join(''))
}

function splitNul(s: string): string[] {
  const parts = s.split('\0')
  if (parts.at(-1) === '') parts.pop()
  return parts
}

/** A request waits on the network: a module importing any of these runs in a worker. */
export const httpClientModule: HostModule<HttpCall, 'http client'> = {
  name: 'http client',
  module: 'taubyte/sdk',
  imports: [
    'newHttpClient',
    'newHttpRequest',
    'setHttpRequestURL',
    'setHttpRequestMethod',
    'getHttpRequestMethod',
    'setHttpRequestBody',
    'setHttpRequestHeader',
    'addHttpRequestHeader',
    'deleteHttpRequestHeader',
    'getHttpRequestHeaderSize',
    'getHttpRequestHeader',
    'getHttpRequestHeaderKeysSize',
    'getHttpRequestHeaderKeys',
    'doHttpRequest',
    'readHttpResponseBody',
    'closeHttpResponseBody',
    'getHttpResponseHeaderSize',
    'getHttpResponseHeader',
    'getHttpResponseHeaderKeysSize',
    'getHttpResponseHeaderKeys'
  ],
  inline: false,
  calls: { httpDo: true },
  link: ctx => perCall(new HttpClients(), c => c.imports(ctx, ctx.host))
}
