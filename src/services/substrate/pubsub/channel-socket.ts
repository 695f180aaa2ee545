import type { Duplex } from 'node:stream'
import {
  CloseCode,
  FrameError,
  FrameReader,
  Opcode,
  closePayload,
  encodeFrame,
  type WsMessage
} from '../../../http/websocket-frames.js'
import { TokenBucket } from '../../../shared/token-bucket.js'

export interface ChannelSocketOptions {
  /** Bytes waiting to be sent past which the client counts as not reading and is disconnected. */
  maxBuffered: number
  /** Largest message a client may send. */
  maxMessage: number
  /** Messages per second a client may send, and how many at once. */
  rate: { perSecond: number; burst: number; now?: () => number }
  onMessage: (data: Uint8Array) => void
  /** Called once, however the connection ended. */
  onClose: (why: string) => void
}

/**
 * The server end of one channel websocket, after the handshake: messages in go to `onMessage`, `send` writes
 * binary frames out. A client that stops reading makes its unsent bytes grow; past `maxBuffered` it is cut off
 * (close 1008, then the socket is destroyed) instead of being buffered for without end. A client that sends
 * faster than its rate is slowed, not dropped: reading from it stops until it has tokens again (TCP pushes back
 * on the client), and what it had already sent waits here in order (at most one read's worth).
 */
export class ChannelSocket {
  readonly #socket: Duplex
  readonly #o: ChannelSocketOptions
  readonly #reader: FrameReader
  readonly #bucket: TokenBucket
  /** Messages read beyond the client's rate, delivered as tokens come back. */
  readonly #held: Uint8Array[] = []
  #resume: NodeJS.Timeout | undefined
  #closed = false

  constructor(socket: Duplex, o: ChannelSocketOptions) {
    this.#socket = socket
    this.#o = o
    this.#bucket = new TokenBucket(o.rate.perSecond, o.rate.burst, o.rate.now)
    this.#reader = new FrameReader({ masked: true, maxMessage: o.maxMessage })
    socket.on('data', (chunk: Buffer) => {
      this.receive(chunk)
    })
    socket.on('close', () => {
      this.#ended('connection closed')
    })
    socket.on('error', err => {
      this.#ended(`connection failed: ${err.message}`)
    })
  }

  get closed(): boolean {
    return this.#closed
  }

  /** Messages read from the client and not yet passed on (it sent faster than its rate). */
  get held(): number {
    return this.#held.length
  }

  send(data: Uint8Array): void {
    if (this.#closed) return
    if (this.#socket.writableLength > this.#o.maxBuffered) {
      this.cutOff(`not reading: over ${this.#o.maxBuffered} bytes unsent`)
      return
    }
    this.#socket.write(encodeFrame(Opcode.binary, data))
  }

  /** A JSON text frame, as tau tells a client why its socket is refused. */
  sendJson(value: unknown): void {
    if (!this.#closed) this.#socket.write(encodeFrame(Opcode.text, Buffer.from(JSON.stringify(value))))
  }

  /** Sends a close frame and ends the connection. */
  close(code: number, reason: string): void {
    if (this.#closed) return
    this.#socket.end(encodeFrame(Opcode.close, closePayload(code, reason)))
    this.#ended(reason)
  }

  /** Ends the connection at once, with no close frame: for a client that does not read, which would not see it. */
  cutOff(reason: string): void {
    if (this.#closed) return
    this.#socket.destroy()
    this.#ended(reason)
  }

  /** Bytes from the client (the socket's own, or those that came with the upgrade request). */
  receive(chunk: Buffer): void {
    let messages: WsMessage[]
    try {
      messages = this.#reader.push(chunk)
    } catch (err) {
      const code = err instanceof FrameError ? err.code : CloseCode.protocol
      this.close(code, err instanceof Error ? err.message : String(err))
      return
    }
    for (const m of messages) {
      if (this.#closed) return
      if (m.opcode === Opcode.text || m.opcode === Opcode.binary) this.#deliver(m.data)
      else if (m.opcode === Opcode.ping) this.#socket.write(encodeFrame(Opcode.pong, m.data))
      else if (m.opcode === Opcode.close) this.close(CloseCode.normal, 'closed by the client')
    }
  }

  #deliver(data: Uint8Array): void {
    if (this.#held.length === 0 && this.#bucket.take()) {
      this.#o.onMessage(data)
      return
    }
    this.#held.push(data)
    if (this.#resume === undefined) {
      this.#socket.pause()
      this.#scheduleRelease()
    }
  }

  #scheduleRelease(): void {
    this.#resume = setTimeout(() => {
      this.#resume = undefined
      while (!this.#closed && this.#held.length > 0 && this.#bucket.take())
        this.#o.onMessage(this.#held.shift() as Uint8Array)
      if (this.#closed) return
      if (this.#held.length > 0) this.#scheduleRelease()
      else this.#socket.resume()
    }, this.#bucket.msUntilNext())
  }

  #ended(why: string): void {
    if (this.#closed) return
    this.#closed = true
    clearTimeout(this.#resume)
    this.#resume = undefined
    this.#held.length = 0
    this.#o.onClose(why)
  }
}
