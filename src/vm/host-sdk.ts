/**
 * The `taubyte/sdk` host module for HTTP events (the guest side is templates/sdk/http.ts). Every getter is a
 * size-then-read pair: the size call writes a u32 LE length, the read call must pass exactly that length (else
 * BufferTooSmall). Pointers outside linear memory give AddressOutOfMemory instead of trapping the host.
 */
import { Errno } from './errno.js'
import { type GuestMemory, OutOfBounds } from './guest-memory.js'
import type { HostModule } from './host-module.js'
import { DEFAULT_RESPONSE_BYTES, type HttpEvent, ResponseTooLarge } from './http-event.js'

interface HostContext {
  mem: GuestMemory
  event(id: number): HttpEvent | undefined
}

type Fn = (...args: number[]) => number | undefined
const EVENT_TYPE_HTTP = 1

/**
 * Wraps a host function: unknown event -> EventNotFound, bad pointer -> AddressOutOfMemory. Fixed arity (no
 * rest parameters) because these run on every call of every function.
 */
function guard(ctx: HostContext, f: (e: HttpEvent, a: number, b: number, c: number, d: number) => number): Fn {
  return (id: number, a = 0, b = 0, c = 0, d = 0) => {
    const e = ctx.event(id)
    if (e === undefined) return Errno.EventNotFound
    try {
      return f(e, a, b, c, d)
    } catch (err) {
      if (err instanceof OutOfBounds) return Errno.AddressOutOfMemory
      throw err
    }
  }
}

/** size + read pair for a value that depends only on the event. */
function pair(ctx: HostContext, value: (e: HttpEvent) => Uint8Array): [Fn, Fn] {
  return [
    guard(ctx, (e, sizePtr = 0) => {
      ctx.mem.setU32(sizePtr, value(e).length)
      return Errno.None
    }),
    guard(ctx, (e, bufPtr = 0, bufSize = 0) => read(ctx, value(e), bufPtr, bufSize))
  ]
}

/** size + read pair for a value looked up by a UTF-8 key (header, query parameter). */
function keyedPair(ctx: HostContext, value: (e: HttpEvent, key: string) => Uint8Array): [Fn, Fn] {
  return [
    guard(ctx, (e, sizePtr = 0, keyPtr = 0, keyLen = 0) => {
      ctx.mem.setU32(sizePtr, value(e, ctx.mem.string(keyPtr, keyLen)).length)
      return Errno.None
    }),
    guard(ctx, (e, keyPtr = 0, keyLen = 0, bufPtr = 0, bufSize = 0) =>
      read(ctx, value(e, ctx.mem.string(keyPtr, keyLen)), bufPtr, bufSize)
    )
  ]
}

/** NUL-separated list: the read call gets no size (the guest sized its buffer from the size call). */
function listPair(ctx: HostContext, value: (e: HttpEvent) => Uint8Array): [Fn, Fn] {
  return [
    guard(ctx, (e, sizePtr = 0) => {
      ctx.mem.setU32(sizePtr, value(e).length)
      return Errno.None
    }),
    guard(ctx, (e, bufPtr = 0) => {
      ctx.mem.write(bufPtr, value(e))
      return Errno.None
    })
  ]
}

function read(ctx: HostContext, data: Uint8Array, bufPtr: number, bufSize: number): number {
  if (bufSize !== data.length) return Errno.BufferTooSmall
  ctx.mem.write(bufPtr, data)
  return Errno.None
}

function sdkImports(ctx: HostContext): Record<string, Fn> {
  const [methodSize, method] = pair(ctx, e => e.field('method', () => e.req.method))
  const [hostSize, host] = pair(ctx, e => e.field('host', () => e.req.host))
  const [pathSize, path] = pair(ctx, e => e.field('path', () => e.req.path))
  const [uaSize, ua] = pair(ctx, e => e.field('ua', () => e.req.userAgent))
  const [headerSize, header] = keyedPair(ctx, (e, k) => e.field(`h:${k.toLowerCase()}`, () => e.header(k)))
  const [queryValueSize, queryValue] = keyedPair(ctx, (e, k) => e.field(`q:${k}`, () => e.queryValue(k)))
  const [headerKeysSize, headerKeys] = listPair(ctx, e => e.headerKeys())
  const [queryKeysSize, queryKeys] = listPair(ctx, e => e.queryKeys())
  const validCode = (code: number): boolean => code >= 100 && code <= 999

  return {
    getEventType: (id: number, typePtr: number) => {
      try {
        ctx.mem.setU32(typePtr, ctx.event(id) !== undefined ? EVENT_TYPE_HTTP : 0)
      } catch (err) {
        if (!(err instanceof OutOfBounds)) throw err
      }
      return undefined
    },
    getHttpEventMethodSize: methodSize,
    getHttpEventMethod: method,
    getHttpEventHostSize: hostSize,
    getHttpEventHost: host,
    getHttpEventPathSize: pathSize,
    getHttpEventPath: path,
    getHttpEventUserAgentSize: uaSize,
    getHttpEventUserAgent: ua,
    getHttpEventHeadersSize: headerSize,
    getHttpEventHeaders: header,
    // Header keys under both names: tau's go-sdk one and the descriptive `getHttpEventRequestHeaderKeys`.
    getHttpEventHeaderVarNameByIdSize: headerKeysSize,
    getHttpEventHeaderVarNameById: headerKeys,
    getHttpEventRequestHeaderKeysSize: headerKeysSize,
    getHttpEventRequestHeaderKeys: headerKeys,
    getHttpEventQueryValueByNameSize: queryValueSize,
    getHttpEventQueryValueByName: queryValue,
    getHttpEventRequestQueryKeysSize: queryKeysSize,
    getHttpEventRequestQueryKeys: queryKeys,
    readHttpEventBody: guard(ctx, (e, bufPtr = 0, bufSize = 0, countPtr = 0) => {
      if (e.bodyClosed) return Errno.HttpReadBody
      const body = e.req.body
      const n = Math.min(bufSize >>> 0, body.length - e.bodyAt)
      ctx.mem.write(bufPtr, body.subarray(e.bodyAt, e.bodyAt + n))
      ctx.mem.setU32(countPtr, n)
      e.bodyAt += n
      return e.bodyAt >= body.length ? Errno.EOF : Errno.None
    }),
    closeHttpEventBody: guard(ctx, e => {
      e.bodyClosed = true
      return Errno.None
    }),
    eventHttpWrite: guard(ctx, (e, bufPtr = 0, bufSize = 0, writtenPtr = 0) => {
      const limit = e.req.responseLimit ?? DEFAULT_RESPONSE_BYTES
      if (e.written + bufSize > limit) throw new ResponseTooLarge(limit)
      e.written += bufSize
      e.chunks.push(ctx.mem.bytes(bufPtr, bufSize).slice())
      e.wrote = true
      ctx.mem.setU32(writtenPtr, bufSize)
      return Errno.None
    }),
    eventHttpFlush: guard(ctx, () => Errno.None),
    eventHttpRetCode: guard(ctx, (e, code = 0) => {
      if (!validCode(code)) return Errno.HttpWrite
      if (!e.wrote && e.status === 0) e.status = code // like WriteHeader: the first one wins
      return Errno.None
    }),
    eventHttpHeaderAdd: guard(ctx, (e, keyPtr = 0, keyLen = 0, valPtr = 0, valLen = 0) => {
      if (!e.wrote) e.headers.push([ctx.mem.string(keyPtr, keyLen), ctx.mem.string(valPtr, valLen)])
      return Errno.None
    }),
    eventHttpRedirect: guard(ctx, (e, urlPtr = 0, urlLen = 0, code = 0) => {
      if (!validCode(code)) return Errno.HttpWrite
      if (e.wrote) return Errno.None
      e.headers.push(['Location', ctx.mem.string(urlPtr, urlLen)])
      e.status = code
      e.wrote = true
      return Errno.None
    })
  }
}

/** The HTTP event: what the call was given and what it answers; it asks the node nothing and runs anywhere. */
export const httpEventModule: HostModule<never, 'http event'> = {
  name: 'http event',
  module: 'taubyte/sdk',
  imports: [
    'getEventType',
    'getHttpEventMethodSize',
    'getHttpEventMethod',
    'getHttpEventHostSize',
    'getHttpEventHost',
    'getHttpEventPathSize',
    'getHttpEventPath',
    'getHttpEventUserAgentSize',
    'getHttpEventUserAgent',
    'getHttpEventHeadersSize',
    'getHttpEventHeaders',
    'getHttpEventHeaderVarNameByIdSize',
    'getHttpEventHeaderVarNameById',
    'getHttpEventRequestHeaderKeysSize',
    'getHttpEventRequestHeaderKeys',
    'getHttpEventQueryValueByNameSize',
    'getHttpEventQueryValueByName',
    'getHttpEventRequestQueryKeysSize',
    'getHttpEventRequestQueryKeys',
    'readHttpEventBody',
    'closeHttpEventBody',
    'eventHttpWrite',
    'eventHttpFlush',
    'eventHttpRetCode',
    'eventHttpHeaderAdd',
    'eventHttpRedirect'
  ],
  inline: true,
  calls: {},
  link: ctx => ({ functions: sdkImports(ctx) })
}
