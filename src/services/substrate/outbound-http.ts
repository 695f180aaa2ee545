/**
 * The HTTP requests functions make (go-sdk `http/client`), made by the substrate for the worker that asked
 * (host-http-client.ts). Like tau's guarded client, a function cannot reach the node's own services: a request
 * whose host resolves to this machine and whose port is one this dream listens on for itself (the control API,
 * every universe's nodes and git hosts) is refused, and the request connects to the address that was checked, so
 * a name cannot resolve differently in between; redirects are followed, each target checked the same way. The
 * response is read whole, up to MAX_RESPONSE_BYTES, within the time the function's own timeout leaves.
 */
import { lookup } from 'node:dns/promises'
import { request as httpRequest, type IncomingMessage } from 'node:http'
import { request as httpsRequest } from 'node:https'
import { isIP } from 'node:net'
import { networkInterfaces } from 'node:os'
import { errorMessage } from '../../shared/errors.js'
import type { HostReply, OutboundRequest, OutboundResponse } from '../../vm/host-calls.js'
import type { HttpCall } from '../../vm/host-http-client.js'
import type { HostPart } from './host-part.js'

/** The largest response body a function is given (it is copied into the function's memory). */
export const MAX_RESPONSE_BYTES = 8 * 1024 * 1024
const MAX_REDIRECTS = 10

export class OutboundHttp implements HostPart<HttpCall> {
  readonly #privatePorts: () => ReadonlySet<number>

  /** `privatePorts`: the ports this dream listens on for itself, read at each request (nodes come and go). */
  constructor(privatePorts: () => ReadonlySet<number>) {
    this.#privatePorts = privatePorts
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
    let address: string
    try {
      address = isIP(host) !== 0 ? host : (await lookup(host)).address
    } catch (err) {
      return `${r.method} ${r.url} failed: cannot resolve ${host}: ${errorMessage(err)}`
    }
    if (isLocal(address) && this.#privatePorts().has(port))
      return (
        `refused ${r.method} ${r.url}: port ${port} of this machine is one of dream's own ` +
        '(control API or a universe node), which functions may not call'
      )
    return { url, address, port }
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
    const headers: Record<string, string | string[]> = {}
    for (const [k, v] of r.headers) {
      const had = headers[k]
      headers[k] = had === undefined ? v : [...(Array.isArray(had) ? had : [had]), v]
    }
    if (!Object.keys(headers).some(k => k.toLowerCase() === 'host')) headers.Host = url.host
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

/** True for an address of this machine: loopback, unspecified, or one of its interfaces'. */
export function isLocal(address: string): boolean {
  const a = address.toLowerCase().replace(/^::ffff:(?=\d+\.)/, '')
  if (a.startsWith('127.') || a === '::1' || a === '0.0.0.0' || a === '::') return true
  return Object.values(networkInterfaces()).some(list => list?.some(i => i.address.toLowerCase() === a) === true)
}
