/** The websocket codec substrate's channel sockets speak: masking, lengths, fragments, and what it refuses. */
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { acceptKey, encodeFrame, FrameError, FrameReader, Opcode } from '../../src/http/websocket-frames.js'
import { parseSocketPath, socketPath } from '../../src/services/substrate/pubsub/topic.js'

const server = (): FrameReader => new FrameReader({ masked: true, maxMessage: 100_000 })

test('Sec-WebSocket-Accept is the one RFC 6455 gives for its sample key', () => {
  assert.equal(acceptKey('dGhlIHNhbXBsZSBub25jZQ=='), 's3pPLMBiTxaQ9kYGzzhZRbK+xOo=')
})

test('masked client frames of each length form decode, also when split across chunks', () => {
  for (const n of [0, 125, 126, 65535, 65536, 99_999]) {
    const data = Buffer.alloc(n, n % 251)
    const bytes = encodeFrame(Opcode.binary, data, true)
    const r = server()
    const out = [...r.push(bytes.subarray(0, 3)), ...r.push(bytes.subarray(3))]
    assert.equal(out.length, 1, `length ${n}`)
    assert.equal(out[0]?.opcode, Opcode.binary)
    assert.ok(out[0]?.data.equals(data), `length ${n}`)
  }
})

test('fragments are joined into one message; a ping between them comes out on its own', () => {
  const first = encodeFrame(Opcode.text, Buffer.from('hel'), true)
  first[0] = (first[0] as number) & 0x7f // not FIN
  const ping = encodeFrame(Opcode.ping, Buffer.from('p'), true)
  const last = encodeFrame(Opcode.continuation, Buffer.from('lo'), true)
  const out = server().push(Buffer.concat([first, ping, last]))
  assert.deepEqual(
    out.map(m => [m.opcode, m.data.toString()]),
    [
      [Opcode.ping, 'p'],
      [Opcode.text, 'hello']
    ]
  )
})

test('refused: an unmasked client frame, a message over the cap, a stray continuation', () => {
  const refused = (bytes: Buffer, code: number): void => {
    assert.throws(
      () => server().push(bytes),
      (e: unknown) => e instanceof FrameError && e.code === code
    )
  }
  refused(encodeFrame(Opcode.text, Buffer.from('x')), 1002)
  refused(encodeFrame(Opcode.binary, Buffer.alloc(100_001), true), 1009)
  refused(encodeFrame(Opcode.continuation, Buffer.from('x'), true), 1002)
})

test('socket paths: /ws-<hash>/<channel> both ways; anything else is not a channel', () => {
  const hash = 'QmSLJiuU2fajgPpmYuvAcxt8C777Lxthy1CfihVjdWit8z'
  assert.deepEqual(parseSocketPath(socketPath(hash, 'room/a b')), { hash, channel: 'room/a b' })
  assert.deepEqual(parseSocketPath(`/ws-${hash}/a%20b`), { hash, channel: 'a b' })
  for (const p of ['/ws-/chat', `/ws-${hash}/`, `/ws-${hash}`, '/chat', `/ws-${hash}0/x`, `/ws-${hash}/%E0`])
    assert.equal(parseSocketPath(p), undefined, p)
})
