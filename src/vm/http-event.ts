/**
 * One HTTP event as the guest sees it: the request to read and the response being written. Everything derived
 * from the request is computed on first use, since most functions read little of it and a call's fixed cost
 * is most of a small function's cost.
 */
import { encode } from './guest-memory.js'

/** A function's response body is bounded by default to this many bytes (64 MiB); a substrate may set another. */
export const DEFAULT_RESPONSE_BYTES = 64 * 1024 * 1024

/**
 * A write past the response bound ends the call: the body is held until the call ends, so an unbounded one
 * grew the daemon by gigabytes (tau streams it; dream answers once the call has ended).
 */
export class ResponseTooLarge extends Error {
  constructor(limit: number) {
    super(
      `its response body grew past ${limit} bytes, the most a function may answer: ` +
        'answer less (a storage file or several requests for large data)'
    )
  }
}

/** The request an HTTP event is for. */
export interface HttpRequestData {
  method: string
  host: string
  path: string
  /** Query string without the leading `?`. */
  rawQuery: string
  /**
   * Request headers as node:http gives them (a repeated header may be an array); names are matched
   * case-insensitively.
   */
  headers: Readonly<Record<string, string | string[] | undefined>>
  userAgent: string
  body: Uint8Array
  /** The most bytes the function may write as its response body (default DEFAULT_RESPONSE_BYTES). */
  responseLimit?: number
}

/** A list as the guest reads it: each item followed by NUL. */
const nulList = (items: string[]): string => items.map(s => `${s}\0`).join('')

export class HttpEvent {
  readonly id: number
  readonly req: HttpRequestData
  #lowerHeaders: Map<string, string> | undefined
  #query: URLSearchParams | undefined
  #encoded: Map<string, Uint8Array> | undefined
  bodyAt = 0
  bodyClosed = false
  status = 0
  readonly headers: Array<[string, string]> = []
  readonly chunks: Uint8Array[] = []
  /** Bytes of `chunks` together. */
  written = 0
  /** Set by the first write: later status or header changes are ignored, as with Go's ResponseWriter. */
  wrote = false

  constructor(id: number, req: HttpRequestData) {
    this.id = id
    this.req = req
  }

  /** Cached UTF-8 of a request field, so the size and read calls see the same bytes. */
  field(name: string, make: () => string): Uint8Array {
    this.#encoded ??= new Map()
    let b = this.#encoded.get(name)
    if (b === undefined) {
      b = encode(make())
      this.#encoded.set(name, b)
    }
    return b
  }

  header(name: string): string {
    if (this.#lowerHeaders === undefined) {
      this.#lowerHeaders = new Map()
      for (const [k, v] of Object.entries(this.req.headers)) {
        if (v !== undefined) this.#lowerHeaders.set(k.toLowerCase(), Array.isArray(v) ? v.join(', ') : v)
      }
    }
    return this.#lowerHeaders.get(name.toLowerCase()) ?? ''
  }

  headerKeys(): Uint8Array {
    return this.field('#headerKeys', () =>
      nulList(Object.keys(this.req.headers).filter(k => this.req.headers[k] !== undefined))
    )
  }

  queryValue(name: string): string {
    return this.#params().get(name) ?? ''
  }
  queryKeys(): Uint8Array {
    return this.field('#queryKeys', () => nulList([...new Set(this.#params().keys())]))
  }

  #params(): URLSearchParams {
    this.#query ??= new URLSearchParams(this.req.rawQuery)
    return this.#query
  }

  result(): { status: number; headers: Array<[string, string]>; body: Uint8Array } {
    const status = this.status === 0 ? 200 : this.status
    const { chunks } = this
    // Each chunk is already the host's own copy, so a single one is the body as it is. (No shared empty array:
    // a worker transfers the body's buffer.)
    if (chunks.length <= 1) return { status, headers: this.headers, body: chunks[0] ?? new Uint8Array(0) }
    const total = chunks.reduce((n, c) => n + c.length, 0)
    const body = new Uint8Array(total)
    let at = 0
    for (const c of chunks) {
      body.set(c, at)
      at += c.length
    }
    return { status, headers: this.headers, body }
  }
}
