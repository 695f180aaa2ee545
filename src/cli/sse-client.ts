import { DreamError, receivedCode } from '../shared/errors.js'
import { readApiToken } from '../shared/api-token.js'
import { jsonAnswer } from '../shared/http-answer.js'
import { notRunning } from './api-client.js'

export interface SseEvent {
  event: string
  data: unknown
}

/**
 * Reads a server-sent-events stream of the control API: yields each `event:`/`data:` frame (data parsed as JSON)
 * until the server closes the stream or `signal` aborts. An error answer before the stream opens throws as the
 * other API calls do.
 */
export async function* sseEvents(base: string, path: string, signal: AbortSignal): AsyncGenerator<SseEvent> {
  let res: Response
  try {
    // The owner's token, as the API client sends it (src/api/owner-guard.ts).
    const token = await readApiToken(Number(new URL(base).port))
    const auth: Record<string, string> = token !== undefined ? { authorization: `Bearer ${token}` } : {}
    res = await fetch(base + path, { headers: { accept: 'text/event-stream', ...auth }, signal })
  } catch (err) {
    if (signal.aborted) return
    throw notRunning(base, err)
  }
  if (!res.ok) await jsonAnswer(res, { request: `GET ${path}`, fallback: 'API_ERROR', expose: true })
  if (res.body === null) throw new DreamError('STREAM_BROKEN', `GET ${path} answered no stream`, { expose: true })
  const decoder = new TextDecoder()
  let buf = ''
  try {
    for await (const chunk of res.body) {
      buf += decoder.decode(chunk as Uint8Array, { stream: true })
      for (let end = buf.indexOf('\n\n'); end >= 0; end = buf.indexOf('\n\n')) {
        const frame = buf.slice(0, end)
        buf = buf.slice(end + 2)
        const ev = parseFrame(frame)
        if (ev !== undefined) yield ev
      }
    }
  } catch (err) {
    if (signal.aborted) return
    throw new DreamError(
      'STREAM_BROKEN',
      `the stream from the daemon broke: ${(err as Error).message} (did the dream stop?)`,
      { expose: true, cause: err }
    )
  }
}

/** The error an `error` event carries ({error: {code, message}}): the failure the daemon met while streaming. */
export function streamError(data: unknown): DreamError {
  const e = (data as { error?: { code?: unknown; message?: unknown } }).error
  return new DreamError(
    receivedCode(e?.code, 'API_ERROR'),
    typeof e?.message === 'string' ? e.message : 'the daemon failed while streaming',
    { expose: true }
  )
}

function parseFrame(frame: string): SseEvent | undefined {
  let event = 'message'
  const data: string[] = []
  for (const l of frame.split('\n')) {
    if (l.startsWith('event:')) event = l.slice(6).trim()
    else if (l.startsWith('data:')) data.push(l.slice(5).trimStart())
  }
  if (data.length === 0) return undefined
  const text = data.join('\n')
  try {
    return { event, data: JSON.parse(text) }
  } catch {
    return { event, data: text }
  }
}
