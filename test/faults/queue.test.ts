/**
 * A burst of calls between two nodes waits for streams instead of failing: on a fresh connection yamux aborts
 * everything past 10 streams that arrive before the receiver is set up, libp2p refuses a 65th outbound stream per
 * protocol by default, and yamux a 1001st per connection.
 */
import { test, describe, after } from 'node:test'
import assert from 'node:assert/strict'
import { createNode, type P2PNode } from '../../src/p2p/node.js'
import { swarmKeyFor } from '../../src/p2p/swarm-key.js'
import { bodyShape, commands } from '../../src/p2p/commands.js'
import { call, serve } from '../../src/p2p/protocol.js'

const PROTOCOL = '/dream/test-queue/1.0.0'
/** More than yamux's 1000 streams per connection. */
const CALLS = 1200
/** The handler holds every call until this many are in it at once: more than libp2p's default of 64. */
const HELD = 200

describe('concurrent calls queue', { timeout: 120_000 }, () => {
  const nodes: P2PNode[] = []
  after(async () => {
    await Promise.all(
      nodes.map(async n => {
        await n.stop()
      })
    )
  })

  test(`${CALLS} concurrent calls to one node all get their answer`, async () => {
    const key = swarmKeyFor('queue-test')
    const [caller, server] = await Promise.all([createNode({ swarmKey: key }), createNode({ swarmKey: key })])
    nodes.push(caller, server)
    let inside = 0
    let most = 0
    let open: () => void = () => {}
    const opened = new Promise<void>(resolve => {
      open = resolve
    })
    const echo = bodyShape<{ n: number }>({ type: 'object', properties: { n: { type: 'number' } }, required: ['n'] })
    const served = commands(
      { echo },
      {
        echo: async body => {
          inside++
          most = Math.max(most, inside)
          if (inside >= HELD) open()
          await opened
          inside--
          return { n: body.n }
        }
      }
    )
    await serve(server, PROTOCOL, served)
    const replies = await Promise.allSettled(
      Array.from(
        { length: CALLS },
        async (_, n) =>
          await call<{ n: number }>(caller, server.getMultiaddrs(), PROTOCOL, 'echo', { n }, { timeoutMs: 60_000 })
      )
    )
    const failed = replies.filter(r => r.status === 'rejected')
    assert.equal(failed.length, 0, `first failure: ${String((failed[0] as PromiseRejectedResult | undefined)?.reason)}`)
    const answered = replies.map(r => (r.status === 'fulfilled' ? r.value.n : -1))
    assert.deepEqual(
      answered,
      Array.from({ length: CALLS }, (_, n) => n)
    )
    assert.ok(most >= HELD, `${most} calls were in the handler at once`)
  })
})
