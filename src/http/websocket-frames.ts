/**
 * WebSocket framing (RFC 6455) for both ends: the server side of substrate's channel sockets and the client side
 * tests and the bench use. Node 20 has neither built in. Only what a channel needs: text, binary, close, ping,
 * pong, fragmented messages up to a size cap; no extensions.
 */
import { createHash } from 'node:crypto'

export const Opcode = { continuation: 0, text: 1, binary: 2, close: 8, ping: 9, pong: 10 } as const

/** Close codes used here: normal, policy violation (a reader too slow), message too big, protocol error. */
export const CloseCode = { normal: 1000, protocol: 1002, policy: 1008, tooBig: 1009 } as const

const GUID = '258EAFA5-E914-47DA-95CA-C5AB0DC85B11'

/** The `Sec-WebSocket-Accept` answer to a client's `Sec-WebSocket-Key`. */
export function acceptKey(key: string): string {
  return createHash('sha1')
    .update(key + GUID)
    .digest('base64')
}

/** One frame: unmasked from a server, masked (with a random key) from a client. */
export function encodeFrame(opcode: number, payload: Uint8Array, masked = false): Buffer {
  const n = payload.length
  const lenBytes = n < 126 ? 0 : n < 65536 ? 2 : 8
  const head = Buffer.alloc(2 + lenBytes + (masked ? 4 : 0))
  head[0] = 0x80 | opcode
  head[1] = (masked ? 0x80 : 0) | (lenBytes === 0 ? n : lenBytes === 2 ? 126 : 127)
  if (lenBytes === 2) head.writeUInt16BE(n, 2)
  else if (lenBytes === 8) head.writeBigUInt64BE(BigInt(n), 2)
  if (!masked) return Buffer.concat([head, payload])
  const mask = head.subarray(2 + lenBytes)
  for (let i = 0; i < 4; i++) mask[i] = Math.floor(Math.random() * 256)
  const body = Buffer.from(payload)
  for (let i = 0; i < n; i++) body[i] = (body[i] as number) ^ (mask[i & 3] as number)
  return Buffer.concat([head, body])
}

/** A close frame's payload: the code, then the reason. */
export function closePayload(code: number, reason: string): Buffer {
  const r = Buffer.from(reason, 'utf8').subarray(0, 120)
  const b = Buffer.alloc(2 + r.length)
  b.writeUInt16BE(code, 0)
  r.copy(b, 2)
  return b
}

/** A whole message (fragments joined) or a control frame. */
export interface WsMessage {
  opcode: number
  data: Buffer
}

/** Thrown by FrameReader for input that breaks the protocol; `code` is the close code to answer with. */
export class FrameError extends Error {
  readonly code: number
  constructor(code: number, message: string) {
    super(message)
    this.code = code
  }
}

/**
 * Turns received bytes into messages. A server requires masked frames and a client unmasked ones (RFC 6455 §5.1).
 * A message larger than `maxMessage` bytes is refused before it is buffered.
 */
export class FrameReader {
  readonly #masked: boolean
  readonly #maxMessage: number
  #buf: Buffer = Buffer.alloc(0)
  #fragments: Buffer[] = []
  #fragmentBytes = 0
  #fragmentOpcode = 0

  constructor(o: { masked: boolean; maxMessage: number }) {
    this.#masked = o.masked
    this.#maxMessage = o.maxMessage
  }

  /** The messages completed by `chunk`, in order. */
  push(chunk: Buffer): WsMessage[] {
    this.#buf = this.#buf.length === 0 ? chunk : Buffer.concat([this.#buf, chunk])
    const out: WsMessage[] = []
    for (;;) {
      const frame = this.#frame()
      if (frame === undefined) return out
      const m = this.#assemble(frame.fin, frame.opcode, frame.data)
      if (m !== undefined) out.push(m)
    }
  }

  #frame(): { fin: boolean; opcode: number; data: Buffer } | undefined {
    const b = this.#buf
    if (b.length < 2) return undefined
    const b0 = b[0] as number
    const b1 = b[1] as number
    if ((b0 & 0x70) !== 0) throw new FrameError(CloseCode.protocol, 'reserved bits set (no extension was agreed)')
    if (((b1 & 0x80) !== 0) !== this.#masked)
      throw new FrameError(CloseCode.protocol, this.#masked ? 'client frames must be masked' : 'frame is masked')
    let len = b1 & 0x7f
    let at = 2
    if (len === 126) {
      if (b.length < 4) return undefined
      len = b.readUInt16BE(2)
      at = 4
    } else if (len === 127) {
      if (b.length < 10) return undefined
      const big = b.readBigUInt64BE(2)
      if (big > BigInt(this.#maxMessage))
        throw new FrameError(CloseCode.tooBig, `frame of ${big} bytes exceeds ${this.#maxMessage}`)
      len = Number(big)
      at = 10
    }
    if (this.#fragmentBytes + len > this.#maxMessage)
      throw new FrameError(CloseCode.tooBig, `message exceeds ${this.#maxMessage} bytes`)
    const maskAt = at
    if (this.#masked) at += 4
    if (b.length < at + len) return undefined
    const data = Buffer.from(b.subarray(at, at + len))
    if (this.#masked) for (let i = 0; i < len; i++) data[i] = (data[i] as number) ^ (b[maskAt + (i & 3)] as number)
    this.#buf = b.subarray(at + len)
    return { fin: (b0 & 0x80) !== 0, opcode: b0 & 0x0f, data }
  }

  #assemble(fin: boolean, opcode: number, data: Buffer): WsMessage | undefined {
    if (opcode >= Opcode.close) {
      if (!fin || data.length > 125) throw new FrameError(CloseCode.protocol, 'bad control frame')
      return { opcode, data }
    }
    if (opcode !== Opcode.continuation) {
      if (this.#fragments.length > 0) throw new FrameError(CloseCode.protocol, 'new message inside a fragmented one')
      if (fin) return { opcode, data }
      this.#fragmentOpcode = opcode
    } else if (this.#fragments.length === 0) {
      throw new FrameError(CloseCode.protocol, 'continuation frame without a message')
    }
    this.#fragments.push(data)
    this.#fragmentBytes += data.length
    if (!fin) return undefined
    const whole = Buffer.concat(this.#fragments)
    this.#fragments = []
    this.#fragmentBytes = 0
    return { opcode: this.#fragmentOpcode, data: whole }
  }
}
