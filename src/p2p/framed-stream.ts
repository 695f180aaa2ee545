/**
 * A long-lived libp2p stream carrying JSON messages both ways, for conversations too chatty for one stream per
 * command (protocol.ts): each side queues messages and sends what was queued within `delayMs` (or in one turn
 * of the event loop) as one frame (a 4-byte length, then a JSON array), so a burst of small messages costs one
 * write through the muxer and the connection's encryption, not one each.
 */
import type { Stream } from '@libp2p/interface'

/** Largest frame accepted: a database snapshot travels in one. */
const MAX_FRAME = 256 * 1024 * 1024

export class FramedStream<In, Out> {
  readonly #stream: Stream
  #queue: Out[] = []
  #flushing = false
  #buffer: Buffer = Buffer.alloc(0)
  #closed = false
  readonly #delayMs: number
  #timer: NodeJS.Timeout | undefined

  /** `onMessage` gets each message in order; `onClose` once, when either side ends the stream or it fails. */
  constructor(stream: Stream, onMessage: (m: In) => void, onClose: (err?: Error) => void, delayMs = 0) {
    this.#stream = stream
    this.#delayMs = delayMs
    stream.addEventListener('message', e => {
      this.#receive(e.data, onMessage)
    })
    stream.addEventListener('close', e => {
      this.#closed = true
      clearTimeout(this.#timer)
      onClose(e.error)
    })
  }

  get closed(): boolean {
    return this.#closed
  }

  /** Queues `m`; everything queued in this turn of the event loop leaves in one frame. */
  send(m: Out): void {
    if (this.#closed) return
    this.#queue.push(m)
    if (this.#flushing) return
    this.#flushing = true
    if (this.#delayMs === 0) {
      setImmediate(() => {
        this.#flush()
      })
    } else {
      this.#timer = setTimeout(() => {
        this.#flush()
      }, this.#delayMs)
    }
  }

  close(): void {
    if (this.#closed) return
    this.#closed = true
    clearTimeout(this.#timer)
    this.#stream.abort(new Error('closed'))
  }

  #flush(): void {
    this.#flushing = false
    if (this.#closed || this.#queue.length === 0) return
    const body = Buffer.from(JSON.stringify(this.#queue))
    this.#queue = []
    const head = Buffer.alloc(4)
    head.writeUInt32BE(body.length)
    try {
      // `send` says false when the muxer's buffer is full; it still holds the bytes, so nothing is lost.
      this.#stream.send(Buffer.concat([head, body]))
    } catch (err) {
      // The stream is closing under us: its close event tells the owner (onClose).
      this.#stream.abort(err instanceof Error ? err : new Error(String(err)))
    }
  }

  #receive(data: { subarray: () => Uint8Array }, onMessage: (m: In) => void): void {
    const chunk = data.subarray()
    this.#buffer = this.#buffer.length === 0 ? Buffer.from(chunk) : Buffer.concat([this.#buffer, chunk])
    while (this.#buffer.length >= 4) {
      const n = this.#buffer.readUInt32BE(0)
      if (n > MAX_FRAME) {
        this.#stream.abort(new Error(`frame of ${n} bytes is over the limit of ${MAX_FRAME}`))
        return
      }
      if (this.#buffer.length < 4 + n) return
      const frame = this.#buffer.subarray(4, 4 + n)
      this.#buffer = this.#buffer.subarray(4 + n)
      let messages: In[]
      try {
        messages = JSON.parse(frame.toString()) as In[]
      } catch (err) {
        this.#stream.abort(err instanceof Error ? err : new Error(String(err)))
        return
      }
      for (const m of messages) onMessage(m)
    }
  }
}
