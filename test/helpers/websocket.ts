/**
 * A websocket client for tests and the bench (Node 20 has none without a flag): a handshake over node:http, then
 * frames through the same codec substrate uses, masked as a client's must be.
 */
import { randomBytes } from 'node:crypto'
import { once } from 'node:events'
import { request } from 'node:http'
import type { Duplex } from 'node:stream'
import {
  acceptKey,
  closePayload,
  encodeFrame,
  FrameReader,
  Opcode,
  type WsMessage
} from '../../src/http/websocket-frames.js'

export class WsClient {
  readonly #socket: Duplex
  readonly #reader = new FrameReader({ masked: false, maxMessage: 64 * 1024 * 1024 })
  readonly #queue: WsMessage[] = []
  #waiting: ((m: WsMessage | undefined) => void) | undefined
  /** Resolves when the connection is gone, for whatever reason. */
  readonly closed: Promise<void>
  #isClosed = false

  private constructor(socket: Duplex, head: Buffer) {
    this.#socket = socket
    this.closed = new Promise(resolve => {
      socket.on('close', () => {
        this.#isClosed = true
        this.#waiting?.(undefined)
        resolve()
      })
    })
    socket.on('error', () => {})
    socket.on('data', (b: Buffer) => {
      this.#take(b)
    })
    if (head.length > 0) this.#take(head)
  }

  /** Opens `ws://127.0.0.1:<port><path>`; rejects with the status and body when the server does not upgrade. */
  static async connect(port: number, path: string, host = 'localhost'): Promise<WsClient> {
    const key = randomBytes(16).toString('base64')
    return await new Promise((resolve, reject) => {
      const req = request({
        host: '127.0.0.1',
        port,
        path,
        agent: false,
        headers: {
          host,
          connection: 'Upgrade',
          upgrade: 'websocket',
          'sec-websocket-key': key,
          'sec-websocket-version': '13'
        }
      })
      req.on('upgrade', (res, socket, head) => {
        if (res.headers['sec-websocket-accept'] !== acceptKey(key)) {
          socket.destroy()
          reject(new Error(`bad Sec-WebSocket-Accept from ${path}`))
          return
        }
        resolve(new WsClient(socket, head))
      })
      req.on('response', res => {
        const chunks: Buffer[] = []
        res.on('data', (b: Buffer) => chunks.push(b))
        res.on('end', () => {
          reject(new Error(`${path}: HTTP ${res.statusCode}: ${Buffer.concat(chunks).toString('utf8')}`))
        })
      })
      req.on('error', reject)
      req.end()
    })
  }

  get isClosed(): boolean {
    return this.#isClosed
  }

  send(data: string | Uint8Array): void {
    const text = typeof data === 'string'
    this.#socket.write(encodeFrame(text ? Opcode.text : Opcode.binary, text ? Buffer.from(data) : data, true))
  }

  /** Resolves once what was sent so far has left this process (so a long burst does not pile up here). */
  async drained(): Promise<void> {
    if (this.#socket.writableNeedDrain) await once(this.#socket, 'drain')
  }

  /** The next text or binary message; undefined once the connection is closed. */
  async next(): Promise<WsMessage | undefined> {
    const m = this.#queue.shift()
    if (m !== undefined || this.#isClosed) return m
    return await new Promise(resolve => {
      this.#waiting = resolve
    })
  }

  /** The messages received and not yet read, now (emptied). */
  take(): WsMessage[] {
    return this.#queue.splice(0)
  }

  /** Stops reading from the socket: the server's frames pile up in the kernel, then in the server. */
  stopReading(): void {
    this.#socket.pause()
  }

  resumeReading(): void {
    this.#socket.resume()
  }

  close(): void {
    if (this.#isClosed) return
    this.#socket.end(encodeFrame(Opcode.close, closePayload(1000, 'bye'), true))
  }

  destroy(): void {
    this.#socket.destroy()
  }

  #take(b: Buffer): void {
    for (const m of this.#reader.push(b)) {
      if (m.opcode !== Opcode.text && m.opcode !== Opcode.binary) continue
      const w = this.#waiting
      this.#waiting = undefined
      if (w !== undefined) w(m)
      else this.#queue.push(m)
    }
  }
}
