/** A websocket client that sends faster than its rate is slowed by TCP, not dropped: its messages arrive in order. */
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { connect, createServer, type Socket } from 'node:net'
import { once } from 'node:events'
import { encodeFrame, Opcode } from '../../src/http/websocket-frames.js'
import { ChannelSocket } from '../../src/services/substrate/pubsub/channel-socket.js'
import { TokenBucket } from '../../src/shared/token-bucket.js'
import { waitFor } from '../helpers/universe.js'

test('a token bucket gives its burst, then one token per 1/rate s, never more than the burst', () => {
  let t = 0
  const b = new TokenBucket(10, 3, () => t)
  assert.deepEqual([b.take(), b.take(), b.take(), b.take()], [true, true, true, false])
  assert.equal(b.msUntilNext(), 100)
  t += 100
  assert.equal(b.take(), true)
  t += 60_000
  assert.deepEqual([b.take(), b.take(), b.take(), b.take()], [true, true, true, false])
})

test('messages over the rate wait in order while reading is paused, and all arrive as tokens come back', async () => {
  let t = 0
  const server = createServer()
  server.listen(0, '127.0.0.1')
  await once(server, 'listening')
  const address = server.address()
  if (address === null || typeof address === 'string') throw new Error('no port')
  const accepted = once(server, 'connection') as Promise<[Socket]>
  const client = connect(address.port, '127.0.0.1')
  const [serverEnd] = await accepted
  const got: string[] = []
  const cs = new ChannelSocket(serverEnd, {
    maxBuffered: 1 << 20,
    maxMessage: 1 << 20,
    rate: { perSecond: 10, burst: 5, now: () => t },
    onMessage: d => got.push(Buffer.from(d).toString()),
    onClose: () => {}
  })
  try {
    const sent = Array.from({ length: 20 }, (_, i) => String(i))
    client.write(Buffer.concat(sent.map(s => encodeFrame(Opcode.text, Buffer.from(s), true))))
    await waitFor('all 20 messages read', () => got.length + cs.held === 20)
    assert.equal(got.length, 5, 'the burst passes at once, the rest waits')
    assert.equal(serverEnd.isPaused(), true, 'reading stops while messages wait')
    while (got.length < 20) {
      const before = got.length
      t += 1000
      await waitFor('the next tokens release waiting messages', () => got.length > before)
    }
    assert.deepEqual(got, sent)
    await waitFor('reading resumes once nothing waits', () => !serverEnd.isPaused())
  } finally {
    cs.cutOff('test over')
    client.destroy()
    server.close()
  }
})
