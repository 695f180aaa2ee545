/**
 * The HTTP requests functions make (go-sdk `http/client`), made by the substrate for the worker that asked
 * (host-http-client.ts). Like tau's guarded client, a function reaches the public internet only: the host is
 * resolved once, every address it resolves to is judged by src/shared/address-guard.ts (this machine in any
 * spelling, private, link-local and the IPv6 forms that embed an IPv4 address are refused), and the request
 * connects to the address that was checked, so a name cannot resolve differently in between (DNS rebinding).
 * Redirects are followed, each target checked the same way. The Host sent is always the URL's: as in Go's
 * client, a Host header the function sets is not sent, so it cannot name one of dream's own services. The owner
 * may let functions reach a few `address:port` destinations the guard refuses (`allowOutbound`, a service on
 * the owner's machine), never one of dream's own ports. The response is read whole, up to MAX_RESPONSE_BYTES,
 * within the time the function's own timeout leaves.
 */
import { lookup } from 'node:dns/promises'
import { request as httpRequest, type IncomingMessage } from 'node:http'
import { request as httpsRequest } from 'node:https'
import { isIP } from 'node:net'
import { deniedAddress, destination, parseDestination } from '../../../shared/address-guard.js'
import { errorMessage } from '../../../shared/errors.js'
import type { HostReply, OutboundRequest, OutboundResponse } from '../../../vm/host-calls.js'
import type { HttpCall } from '../../../vm/host-http-client.js'
import type { HostPart } from './host-part.js'

/** The largest response body a function is given (it is copied into the function's memory). */
export const MAX_RESPONSE_BYTES = 8 * 1024 * 1024
const MAX_REDIRECTS = 10

export class OutboundHttp implements HostPart<HttpCall> {
  readonly #privatePorts: () => ReadonlySet<number>
  readonly #allowed: ReadonlySet<string>

  /**
   * `privatePorts`: the ports this dream listens on for itself, read at each request (nodes come and go);
   * `allowOutbound`: `address:port` destinations the guard refuses that functions may reach all the same.
   */
  constructor(privatePorts: () => ReadonlySet<number>, allowOutbound: readonly string[] = []) {
    this.#privatePorts = privatePorts
    this.#allowed = new Set(allowOutbound.map(parseDestination))
  }

  async answer({ request: r }: HttpCall): Promise<HostReply> {
    const deadline = Date.now() + r.timeoutMs
    let hop: OutboundRequest = r
    // Followed as Go's default client follows them (tau's guest client is one): up to MAX_REDIRECTS, each target
    // checked like the first.
    for (let redirects = 0; ; redirects++) {
      const target = await this.#check(hop)
      if (typeof target === 'string') return { ok: false, log: target }
      const timeoutMs = deadline - Date.now()
      if (timeoutMs <= 0)
        return { ok: false, log: `${hop.method} ${hop.url}: no time left before the function's timeout` }
      let response: OutboundResponse
      try {
        response = await exchange({ ...hop, timeoutMs }, target.url, target.address, target.port)
      } catch (err) {
        return { ok: false, log: `${hop.method} ${hop.url} failed: ${errorMessage(err)}` }
      }
      const next = redirected(hop, target.url, response)
      if (next === undefined) return { ok: true, response }
      if (redirects >= MAX_REDIRECTS) return { ok: false, log: `${r.method} ${r.url}: stopped after 10 redirects` }
      hop = next
    }
  }

  /** Where a request may go, or why it may not. */
  async #check(r: OutboundRequest): Promise<{ url: URL; address: string; port: number } | string> {
    let url: URL
    try {
      url = new URL(r.url)
    } catch {
      return `refused ${r.url}: not a URL`
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:')
      return `refused ${r.url}: only http and https URLs can be requested`
    const port = url.port !== '' ? Number(url.port) : url.protocol === 'https:' ? 443 : 80
    const host = url.hostname.replace(/^\[(.*)\]$/, '$1')
    let addresses: string[]
    try {
      addresses = isIP(host) !== 0 ? [host] : (await lookup(host, { all: true })).map(a => a.address)
    } catch (err) {
      return `${r.method} ${r.url} failed: cannot resolve ${host}: ${errorMessage(err)}`
    }
    const address = addresses[0]
    if (address === undefined) return `${r.method} ${r.url} failed: ${host} resolves to no address`
    // Every address the name has: a name that also resolves to this machine is refused, whichever comes first.
    for (const a of addresses) {
      const why = this.#refusal(a, port)
      if (why !== undefined) return `refused ${r.method} ${r.url}: ${why}, which functions may not call`
    }
    return { url, address, port }
  }

  /** Why a function may not connect to `address` at `port`, or undefined when it may. */
  #refusal(address: string, port: number): string | undefined {
    const denied = deniedAddress(address)
    if (denied === undefined) return undefined
    if (!this.#allowed.has(destination(address, port))) return `${address} is ${denied}`
    if (this.#privatePorts().has(port)) return `port ${port} of this machine is one of dream's own`
    return undefined
  }
}

/** The request a redirect answer asks for, as Go's client makes it; undefined when the answer is final. */
function redirected(r: OutboundRequest, from: URL, res: OutboundResponse): OutboundRequest | undefined {
  if (![301, 302, 303, 307, 308].includes(res.status)) return undefined
  const location = res.headers.find(([k]) => k.toLowerCase() === 'location')?.[1]
  if (location === undefined || !URL.canParse(location, from.href)) return undefined
  const to = new URL(location, from)
  // 307 and 308 repeat the request; the others become a bodiless GET (HEAD stays HEAD).
  const keep = res.status === 307 || res.status === 308
  const method = keep || r.method === 'HEAD' ? r.method : 'GET'
  // Credentials go only to the host they were given for, as in Go.
  const sensitive = to.host !== from.host ? ['authorization', 'cookie', 'www-authenticate'] : []
  const headers = r.headers.filter(([k]) => k.toLowerCase() !== 'host' && !sensitive.includes(k.toLowerCase()))
  return { ...r, url: to.toString(), method, headers, body: keep ? r.body : new Uint8Array(0) }
}

function exchange(r: OutboundRequest, url: URL, address: string, port: number): Promise<OutboundResponse> {
  return new Promise((resolve, reject) => {
    // Go's client sends the URL's host and ignores a Host header: so does this one.
    const headers: Record<string, string | string[]> = { Host: url.host }
    for (const [k, v] of r.headers) {
      if (k.toLowerCase() === 'host') continue
      const had = headers[k]
      headers[k] = had === undefined ? v : [...(Array.isArray(had) ? had : [had]), v]
    }
    const send = url.protocol === 'https:' ? httpsRequest : httpRequest
    const req = send({
      host: address,
      port,
      method: r.method,
      path: `${url.pathname}${url.search}`,
      headers,
      // TLS checks the name the function asked for, not the address it was resolved to.
      ...(url.protocol === 'https:' && isIP(url.hostname) === 0 ? { servername: url.hostname } : {}),
      agent: false
    })
    const timer = setTimeout(() => {
      req.destroy(new Error(`no complete response within ${r.timeoutMs} ms (what the function's timeout leaves)`))
    }, r.timeoutMs)
    const fail = (err: Error): void => {
      clearTimeout(timer)
      reject(err)
    }
    req.on('error', fail)
    req.on('response', (res: IncomingMessage) => {
      const chunks: Buffer[] = []
      let size = 0
      res.on('data', (c: Buffer) => {
        size += c.length
        if (size > MAX_RESPONSE_BYTES) {
          req.destroy(new Error(`response body larger than ${MAX_RESPONSE_BYTES} bytes`))
          return
        }
        chunks.push(c)
      })
      res.on('error', fail)
      res.on('end', () => {
        clearTimeout(timer)
        const headers: Array<[string, string]> = []
        for (let i = 0; i + 1 < res.rawHeaders.length; i += 2)
          headers.push([res.rawHeaders[i] as string, res.rawHeaders[i + 1] as string])
        resolve({ status: res.statusCode ?? 0, headers, body: new Uint8Array(Buffer.concat(chunks)) })
      })
    })
    req.end(r.body)
  })
}
