/**
 * Writing substrate's responses on the raw node:http response, for functions' answers and its own messages
 * alike, so that both carry the same provenance headers and framing. A small body goes out in the same write
 * as the head (one latin1 string, which maps each byte to itself): a response is then a single send.
 */
import type { ServerResponse } from 'node:http'
import { errorMessage } from '../../../shared/errors.js'
import { sniffContentType } from '../websites/content-type.js'

/** Bodies up to this size are written together with the head. */
const ONE_WRITE_MAX = 16 * 1024

/** Headers a function may not set: the substrate frames the body itself. */
const FRAMING = new Set(['content-length', 'transfer-encoding', 'connection'])

/** Flat `[name, value, name, value, ...]` header list, as `writeHead` takes it. */
export type HeaderList = string[]

function bodiless(status: number): boolean {
  return status < 200 || status === 204 || status === 304
}

function end(res: ServerResponse, body: Uint8Array): void {
  const buf = Buffer.from(body.buffer, body.byteOffset, body.byteLength)
  if (buf.length <= ONE_WRITE_MAX) res.end(buf.toString('latin1'), 'latin1')
  else res.end(buf)
}

/** A response of the substrate's own (404, 504, ...): plain text after the given provenance headers. */
export function sendText(res: ServerResponse, status: number, head: HeaderList, text: string): void {
  const body = Buffer.from(text)
  res.writeHead(status, [...head, 'content-type', 'text/plain; charset=utf-8', 'content-length', String(body.length)])
  end(res, body)
}

/**
 * A function's response: provenance first, then the function's own headers, a sniffed Content-Type when it set
 * none, and the length. A header node refuses (a newline in a value, say) turns the answer into a 500 that
 * names it, instead of a dropped connection.
 */
export function sendFunctionResponse(
  res: ServerResponse,
  fn: string,
  r: { status: number; headers: Array<[string, string]>; body: Uint8Array },
  head: HeaderList
): void {
  const headers = head.slice()
  let typed = false
  for (const [k, v] of r.headers) {
    const name = k.toLowerCase()
    if (FRAMING.has(name)) continue
    if (name === 'content-type') typed = true
    headers.push(k, v)
  }
  const hasBody = !bodiless(r.status)
  if (hasBody) {
    if (!typed && r.body.length > 0) headers.push('content-type', sniffContentType(r.body))
    headers.push('content-length', String(r.body.length))
  }
  try {
    res.writeHead(r.status, headers)
  } catch (err) {
    sendText(res, 500, head, `function ${fn} answered with a header node:http refuses: ${errorMessage(err)}\n`)
    return
  }
  if (hasBody) end(res, r.body)
  else res.end()
}
