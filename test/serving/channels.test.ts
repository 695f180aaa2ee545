/**
 * Channel websockets on real nodes: a universe with two substrates, a project whose config has `messaging/`
 * resources (a channel with its websocket bridge, a regex one, one without the bridge), pushed through patrick
 * and the config compiler to TNS. Clients on either substrate receive each other's messages over gossipsub, never
 * their own; a function's publishes reach them (and not another project's channel of the same name), bounded per
 * function; a pubsub-triggered function runs for their messages; a channel without the bridge is refused as tau
 * refuses it; a client that stops reading is cut off.
 */
import { describe, test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import type { FunctionView } from '../../src/console/console.js'
import type { Universe } from '../../src/index.js'
import { socketPath } from '../../src/services/substrate/pubsub/topic.js'
import { channelProject, nextReal, warmUp } from '../helpers/channels.js'
import { hostRequest } from '../helpers/serving.js'
import { startUniverse } from '../helpers/universe.js'
import { WsClient } from '../helpers/websocket.js'

const text = (m: { data: Buffer } | undefined): string | undefined => m?.data.toString('utf8')

describe('channel websockets across two substrates', { timeout: 600_000 }, () => {
  let u: Universe
  let ports: number[]
  let hash: string
  let publisher: FunctionView
  let otherHash: string
  const clients: WsClient[] = []
  const connect = async (port: number, channel: string): Promise<WsClient> => {
    const c = await WsClient.connect(port, socketPath(hash, channel))
    clients.push(c)
    return c
  }

  before(async () => {
    u = await startUniverse({ webhooks: false, binds: { substrate: { copies: 2 } } })
    const made = await channelProject(
      u,
      'chat',
      [
        { name: 'chat', match: 'chat', websocket: true },
        { name: 'rooms', match: '^room-[0-9]+$', regex: true, websocket: true },
        { name: 'internal', match: 'internal', websocket: false },
        { name: 'relayed', match: 'relayed', websocket: true }
      ],
      [
        { name: 'publisher', data: 'serving' },
        { name: 'relay', data: 'serving', trigger: { type: 'pubsub', channel: 'chat' } }
      ]
    )
    hash = made.hash
    publisher = made.functions[0] as FunctionView
    // Another project with a channel of the same name: nothing of project chat reaches it.
    otherHash = (await channelProject(u, 'other', [{ name: 'chat', match: 'chat', websocket: true }])).hash
    ports = u.directory.byRole('substrate').map(e => e.ports.http as number)
    assert.equal(ports.length, 2)
  })
  after(async () => {
    for (const c of clients) c.destroy()
    await u?.stop()
  })

  test('both substrates deliver the same messages; a sender never gets its own back', async () => {
    const [p0 = 0, p1 = 0] = ports
    const sender = await connect(p0, 'chat')
    const near = await connect(p0, 'chat')
    const far = await connect(p1, 'chat')
    await warmUp(sender, far)
    const sent = ['one', 'two', 'three', 'four', 'five']
    for (const m of sent) sender.send(m)
    const got = async (c: WsClient) => {
      const out: Array<string | undefined> = []
      for (let i = 0; i < sent.length; i++) out.push(await nextReal(c))
      return out
    }
    assert.deepEqual(await got(far), sent)
    assert.deepEqual(await got(near), sent)
    // A message from the far substrate reaches both clients on the near one; the sender's next message is it.
    far.send('reply from far')
    assert.equal(text(await sender.next()), 'reply from far')
    assert.equal(await nextReal(near), 'reply from far')
    for (const c of [sender, near, far]) c.close()
  })

  test('a regex channel accepts the names it matches', async () => {
    const [p0 = 0, p1 = 0] = ports
    const a = await connect(p0, 'room-42')
    const b = await connect(p1, 'room-42')
    const other = await connect(p1, 'room-7')
    await warmUp(a, b)
    a.send('in room 42')
    assert.equal(await nextReal(b), 'in room 42')
    assert.deepEqual(
      other.take().map(m => m.data.toString()),
      [],
      'room-7 is another channel'
    )
  })

  test('a function publishes (SDK publishToChannel): clients on both substrates receive it', async () => {
    const [p0 = 0, p1 = 0] = ports
    const call = async (query: string) =>
      await hostRequest(p0, publisher.fqdn, `/publisher?${query}`, { timeoutMs: 30_000 })
    // The websocket URL the SDK gives the function (getWebSocketURL) is the one clients use.
    const url = await call('url=chat')
    assert.equal(url.body, `ws-${hash}/chat`)
    const near = await WsClient.connect(p0, `/${url.body}`)
    clients.push(near)
    const far = await connect(p1, 'chat')
    const stranger = await WsClient.connect(p0, socketPath(otherHash, 'chat'))
    const strangerFriend = await WsClient.connect(p0, socketPath(otherHash, 'chat'))
    clients.push(stranger, strangerFriend)
    await warmUp(near, far)
    const r = await call('channel=chat&text=from%20a%20function')
    assert.equal(r.status, 200, r.body)
    assert.equal(r.body, 'errno 0')
    assert.equal(await nextReal(far), 'from a function')
    assert.equal(text(await near.next()), 'from a function')
    // The function's message left before this one: had it gone to project other's chat, it would come first.
    strangerFriend.send('only ours')
    assert.equal(text(await stranger.next()), 'only ours')
    // A channel no messaging resource of the project has: taken at once, then dropped by the substrate.
    assert.equal((await call('channel=nowhere&text=lost')).body, 'errno 0')
    // A flood from one call: the function's rate bounds what goes out; a client's message after it still arrives.
    const flood = 20_000
    assert.equal((await call(`channel=chat&text=flood&count=${flood}`)).body, 'errno 0')
    near.send('after the flood')
    let got = 0
    for (let t = await nextReal(far); t !== 'after the flood'; t = await nextReal(far)) {
      assert.equal(t, 'flood')
      got++
    }
    assert.ok(got > 0 && got < flood, `${got} of ${flood} published messages went out`)
    for (const c of [near, far]) c.close()
  })

  test('a pubsub-triggered function runs for a client message and reads its channel and data', async () => {
    const [p0 = 0, p1 = 0] = ports
    const sender = await connect(p0, 'chat')
    const watch = await connect(p1, 'relayed')
    // Until the relay function has subscribed on some substrate and its output crosses to the other.
    await warmUp(sender, watch)
    sender.send('hello relay')
    // Relays of earlier messages (warm-ups, the flood of the test before) may still come first.
    let t: string | undefined
    do {
      t = text(await watch.next())
      assert.ok(t?.startsWith('chat: ') === true, `a relayed message: ${t}`)
    } while (t !== 'chat: hello relay')
    for (const c of [sender, watch]) c.close()
  })

  test('a channel without the websocket bridge, or matching no resource, is refused with an error', async () => {
    const [p0 = 0] = ports
    for (const channel of ['internal', 'room-x', 'nothing']) {
      const c = await connect(p0, channel)
      const first = JSON.parse(text(await c.next()) ?? '{}') as { error?: string }
      assert.match(first.error ?? '', new RegExp(`matches channel "${channel}"`))
      await c.closed
    }
    await assert.rejects(WsClient.connect(p0, '/ws-/chat'), /HTTP 404/)
  })

  test('a client that stops reading is disconnected, and the channel goes on for the others', async () => {
    const [p0 = 0] = ports
    const sender = await connect(p0, 'chat')
    const watcher = await connect(p0, 'chat')
    const slow = await connect(p0, 'chat')
    slow.stopReading()
    // More than this machine's loopback buffers hold (32 MiB received, 4 MiB sent) plus the substrate's limit.
    const count = 1200
    const big = new Uint8Array(64 * 1024)
    for (let i = 0; i < count; i++) {
      sender.send(big)
      await sender.drained()
    }
    sender.send('end of burst')
    // The watcher reads along, so once it has the marker the substrate has handled the whole burst.
    let seen = 0
    for (let t = await watcher.next(); text(t) !== 'end of burst'; t = await watcher.next()) {
      assert.notEqual(t, undefined, 'the watcher stays connected')
      seen++
    }
    assert.equal(seen, count)
    slow.resumeReading()
    let got = 0
    while ((await slow.next()) !== undefined) got++
    assert.equal(slow.isClosed, true)
    assert.ok(got < count, `the slow client was cut off after ${got} of ${count} messages`)
    assert.equal(sender.isClosed, false)
    assert.equal(watcher.isClosed, false)
  })
})
