/** Small node:http helpers: JSON in, JSON out, and GitHub-style `{message}` errors. */
import type { IncomingMessage, ServerResponse } from 'node:http'
import { DreamError, InvalidInputError, errorMessage } from '../shared/errors.js'
import { diskFullOr } from '../shared/disk-full.js'
import type { Logger } from '../shared/log.js'

const MAX_JSON = 1 << 20

export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {}
): void {
  if (status === 204) {
    res.writeHead(204, headers).end()
    return
  }
  const text = JSON.stringify(body)
  res.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(text),
    ...headers
  })
  res.end(text)
}

export function sendError(res: ServerResponse, thrown: unknown, log: Logger): void {
  if (res.headersSent) {
    res.destroy()
    return
  }
  const err = diskFullOr(thrown)
  if (err instanceof DreamError && err.expose) {
    const extra: Record<string, string> = err.status === 401 ? { 'WWW-Authenticate': 'Basic realm="dream"' } : {}
    sendJson(res, err.status, { message: err.message, code: err.code }, extra)
    return
  }
  log.error('githost request failed', { error: errorMessage(err) })
  sendJson(res, 500, { message: 'Internal error' })
}

async function readBody(req: IncomingMessage, limit = MAX_JSON): Promise<Buffer> {
  const chunks: Buffer[] = []
  let size = 0
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length
    if (size > limit) throw new DreamError('GITHOST_BODY_TOO_LARGE', 'Request body too large')
    chunks.push(chunk)
  }
  return Buffer.concat(chunks)
}

/** An object body (empty body = {}); anything else is a 400 like GitHub's "Problems parsing JSON". */
export async function readJson(req: IncomingMessage): Promise<Record<string, unknown>> {
  const buf = await readBody(req)
  if (buf.length === 0) return {}
  let v: unknown
  try {
    v = JSON.parse(buf.toString('utf8'))
  } catch {
    throw new InvalidInputError('GITHOST_BAD_JSON', 'Problems parsing JSON')
  }
  if (typeof v !== 'object' || v === null || Array.isArray(v))
    throw new InvalidInputError('GITHOST_BAD_JSON', 'Body should be a JSON object')
  return v as Record<string, unknown>
}
