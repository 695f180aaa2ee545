/**
 * A channel message on the wire between substrates: who sent it (a websocket connection's or a function's id, so
 * that a sender does not receive its own message back) and the bytes. Layout: u16 BE source length, source UTF-8,
 * data.
 */
export interface ChannelMessage {
  source: string
  data: Uint8Array
}

export function encodeEnvelope(m: ChannelMessage): Uint8Array {
  const source = Buffer.from(m.source, 'utf8')
  const out = Buffer.allocUnsafe(2 + source.length + m.data.length)
  out.writeUInt16BE(source.length, 0)
  source.copy(out, 2)
  out.set(m.data, 2 + source.length)
  return out
}

/** undefined for bytes too short to be an envelope. */
export function decodeEnvelope(bytes: Uint8Array): ChannelMessage | undefined {
  if (bytes.length < 2) return undefined
  const b = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length)
  const n = b.readUInt16BE(0)
  if (b.length < 2 + n) return undefined
  return { source: b.toString('utf8', 2, 2 + n), data: b.subarray(2 + n) }
}
