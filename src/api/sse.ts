import type { FastifyReply } from 'fastify'

/** A subscriber that has this much unread is not reading: it is cut off rather than buffered for without end. */
const MAX_UNREAD_BYTES = 1024 * 1024

/** One server-sent-events response: `event: <name>` + `data: <json>` frames; ended by end() or the client. */
export interface SseStream {
  send: (event: string, data: unknown) => void
  end: () => void
  /** Aborted when the client goes away or the stream ends. */
  readonly signal: AbortSignal
}

/** Takes over the reply (fastify no longer answers it) and opens an event stream on it. */
export function openSse(reply: FastifyReply, origin: string | undefined): SseStream {
  const abort = new AbortController()
  reply.hijack()
  const res = reply.raw
  res.writeHead(200, {
    'Content-Type': 'text/event-stream; charset=utf-8',
    'Cache-Control': 'no-cache',
    Connection: 'keep-alive',
    // The console is a page of this same origin; a page elsewhere on this machine gets what CORS allows it.
    ...(origin !== undefined ? { 'Access-Control-Allow-Origin': origin, Vary: 'Origin' } : {})
  })
  // The client learns at once that the stream is open (or refused), not with its first event.
  res.flushHeaders()
  res.once('close', () => {
    abort.abort()
  })
  return {
    signal: abort.signal,
    send: (event, data) => {
      if (res.writableEnded || res.destroyed) return
      if (res.writableLength > MAX_UNREAD_BYTES) {
        res.destroy()
        abort.abort()
        return
      }
      res.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`)
    },
    end: () => {
      if (!res.writableEnded) res.end()
      abort.abort()
    }
  }
}
