/**
 * Multi-megabyte commands between nodes of one private network (a Go function's wasm is megabytes, sent base64
 * in one frame from monkey to hoarder, hoarder to hoarder, hoarder to substrate). Many of them, across several
 * connections: the private network's cipher must not run out of memory after a few.
 */
import { test, after } from 'node:test'
import assert from 'node:assert/strict'
import { createNode, type P2PNode } from '../../src/p2p/node.js'
import { bodyShape, commands } from '../../src/p2p/commands.js'
import { call, serve } from '../../src/p2p/protocol.js'
import { swarmKeyFor } from '../../src/p2p/swarm-key.js'

const PROTOCOL = '/dream/test-large/1'
const nodes: P2PNode[] = []
after(async () => {
  await Promise.all(
    nodes.map(async n => {
      await n.stop()
    })
  )
})

test('thirty 6 MB commands over three private-network connections all arrive whole', async () => {
  const key = swarmKeyFor('large-frames')
  for (let i = 0; i < 3; i++) nodes.push(await createNode({ swarmKey: key }))
  const shape = bodyShape<{ data: string }>({ type: 'object', properties: { data: { type: 'string' } } })
  const size = commands({ size: shape }, { size: b => ({ length: b.data.length, last: b.data.at(-1) }) })
  for (const n of nodes) await serve(n, PROTOCOL, size)
  const data = `${'x'.repeat(6_000_000 - 1)}y`
  for (let i = 0; i < 30; i++) {
    const from = nodes[i % 3] as P2PNode
    const to = nodes[(i + 1) % 3] as P2PNode
    const r = await call(from, to.getMultiaddrs(), PROTOCOL, 'size', { data }, { timeoutMs: 60_000 })
    assert.deepEqual(r, { length: data.length, last: 'y' })
  }
})
