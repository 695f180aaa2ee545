/** One HTTP event as the guest sees it: the request to read and the response being written. */
import type { HttpRequestData } from './types.js'
import { encode } from './guest-memory.js'

const NUL_LIST = (items: string[]): Uint8Array => encode(items.map(s => s + '\0').join(''))

export class HttpEvent {
  readonly id: number
  readonly req: HttpRequestData
  private readonly lowerHeaders = new Map<string, string>()
  private query: URLSearchParams | undefined
  private readonly encoded = new Map<string, Uint8Array>()
  bodyAt = 0
  bodyClosed = false
  status = 0
  readonly headers: Array<[string, string]> = []
  readonly chunks: Uint8Array[] = []
  /** Set by the first write: later status or header changes are ignored, as with Go's ResponseWriter. */
  wrote = false

  constructor (id: number, req: HttpRequestData) {
    this.id = id
    this.req = req
    for (const [k, v] of Object.entries(req.headers)) this.lowerHeaders.set(k.toLowerCase(), v)
  }

  /** Cached UTF-8 of a request field, so the size and read calls see the same bytes. */
  field (name: string, make: () => string): Uint8Array {
    let b = this.encoded.get(name)
    if (b === undefined) { b = encode(make()); this.encoded.set(name, b) }
    return b
  }

  header (name: string): string { return this.lowerHeaders.get(name.toLowerCase()) ?? '' }
  headerKeys (): Uint8Array { return this.cacheList('#headerKeys', Object.keys(this.req.headers)) }
  queryValue (name: string): string { return this.params().get(name) ?? '' }
  queryKeys (): Uint8Array { return this.cacheList('#queryKeys', [...new Set(this.params().keys())]) }

  private cacheList (name: string, items: string[]): Uint8Array {
    let b = this.encoded.get(name)
    if (b === undefined) { b = NUL_LIST(items); this.encoded.set(name, b) }
    return b
  }

  private params (): URLSearchParams {
    this.query ??= new URLSearchParams(this.req.rawQuery)
    return this.query
  }

  result (): { status: number, headers: Array<[string, string]>, body: Uint8Array } {
    const total = this.chunks.reduce((n, c) => n + c.length, 0)
    const body = new Uint8Array(total)
    let at = 0
    for (const c of this.chunks) { body.set(c, at); at += c.length }
    return { status: this.status === 0 ? 200 : this.status, headers: this.headers, body }
  }
}
