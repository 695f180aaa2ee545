import type { IncomingHttpHeaders } from 'node:http'

/**
 * Checks that keep a server for this machine's own tools out of reach of web pages: a page can make the browser
 * send requests to 127.0.0.1, and with DNS rebinding it can even read the answers, but then the Host header
 * carries the page's own name, and the browser always says where a cross-origin request comes from.
 */

const LOOPBACK_NAMES = new Set(['127.0.0.1', 'localhost', '[::1]'])

/** True when the Host header names this machine by a loopback name (any port). */
function isLoopbackHost(host: string | undefined): boolean {
  if (host === undefined) return false
  const m = /^(\[[0-9a-f:.]+\]|[^:[\]]+)(?::\d{1,5})?$/i.exec(host)
  return m !== null && LOOPBACK_NAMES.has((m[1] ?? '').toLowerCase())
}

/** The origin a browser says the request comes from; undefined for tools that are not browsers. */
function originOf(headers: IncomingHttpHeaders): string | undefined {
  const o = headers.origin
  return o === undefined || o === '' ? undefined : o
}

/**
 * True when the request comes from a page of another site: an Origin other than `self`, or (for requests such as
 * `<img src>` that carry no Origin) Sec-Fetch-Site saying so.
 */
export function isCrossOrigin(headers: IncomingHttpHeaders, self: string): boolean {
  const origin = originOf(headers)
  if (origin !== undefined) return origin !== self
  const site = headers['sec-fetch-site']
  return site === 'cross-site' || site === 'same-site'
}

/** Why a request to a local-only server must be refused, or undefined when it may be served. */
export function foreignRequest(
  headers: IncomingHttpHeaders,
  allowedOrigins: ReadonlySet<string> = new Set()
): string | undefined {
  if (!isLoopbackHost(headers.host)) {
    return `Host "${headers.host ?? ''}" is not this machine; use 127.0.0.1, localhost or [::1]`
  }
  const self = `http://${headers.host ?? ''}`
  if (!isCrossOrigin(headers, self)) return undefined
  const origin = originOf(headers)
  if (origin !== undefined && allowedOrigins.has(origin)) return undefined
  return (
    `requests from ${origin ?? 'another site'} are not allowed; ` +
    `start dream with --allow-origin ${origin ?? '<origin>'} to allow a page there`
  )
}

/** An `--allow-origin` value as browsers send it (scheme://host[:port], no path), or undefined when it is not one. */
export function parseOrigin(raw: string): string | undefined {
  let u: URL
  try {
    u = new URL(raw)
  } catch {
    return undefined
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') return undefined
  return u.origin === raw.replace(/\/$/, '') ? u.origin : undefined
}
