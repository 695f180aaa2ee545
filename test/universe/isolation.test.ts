/**
 * Two universes run side by side in one process without sharing state, and the private
 * network key keeps them apart: a node holding another universe's key, or none, cannot connect.
 */
import { test, describe, after } from 'node:test'
import assert from 'node:assert/strict'
import type { Universe } from '../../src/index.js'
import { createNode, type P2PNode } from '../../src/p2p/node.js'
import { swarmKeyFor } from '../../src/p2p/swarm-key.js'
import { PING } from '../../src/p2p/protocol.js'
import { callService } from '../../src/services/client.js'
import { startUniverse, universePorts } from '../helpers/universe.js'

/** Bounds a dial that must fail: with a key mismatch a pnet handshake may hang instead of being reset. */
const DIAL_BOUND_MS = 3_000

/** A dial that must fail, leaving no connection on either side. */
async function dialFails(from: P2PNode, to: Universe): Promise<void> {
  const elder = to.runner('elder')
  assert.ok(elder !== undefined)
  await assert.rejects(from.dial(elder.entry.addrs, { signal: AbortSignal.timeout(DIAL_BOUND_MS) }))
  assert.equal(from.getConnections(elder.node.peerId).length, 0, 'the dialler holds no connection')
  assert.equal(elder.node.getConnections(from.peerId).length, 0, 'the elder holds no connection')
}

describe('two universes in one process', { timeout: 120_000 }, () => {
  let a: Universe
  let b: Universe
  const strays: P2PNode[] = []
  after(async () => {
    await Promise.all(
      strays.map(async n => {
        await n.stop()
      })
    )
    await Promise.all([a?.stop(), b?.stop()])
  })

  test('start side by side with their own ids, keys, roots, directories and ports', async () => {
    ;[a, b] = await Promise.all([startUniverse({ services: ['tns', 'hoarder'] }), startUniverse({ services: ['tns'] })])
    assert.notEqual(a.name, b.name)
    assert.notEqual(a.id, b.id)
    assert.notDeepEqual(a.swarmKey, b.swarmKey)
    assert.notEqual(a.root, b.root)
    assert.deepEqual(
      a.directory
        .all()
        .map(e => e.role)
        .sort(),
      ['client', 'elder', 'hoarder', 'tns']
    )
    assert.deepEqual(
      b.directory
        .all()
        .map(e => e.role)
        .sort(),
      ['client', 'elder', 'tns']
    )
    const peersA = new Set(a.directory.all().map(e => e.peerId))
    assert.ok(
      b.directory.all().every(e => !peersA.has(e.peerId)),
      'no peer is in both directories'
    )
    const portsA = new Set(universePorts(a))
    assert.ok(
      universePorts(b).every(p => !portsA.has(p)),
      'no port is shared'
    )
    assert.notEqual(a.git.port, b.git.port)
  })

  test('each client reaches its own services', async () => {
    for (const u of [a, b]) {
      const client = u.runner('client')
      assert.ok(client !== undefined)
      const reply = await callService<{ time: number }>(
        client.node,
        u.directory,
        'tns',
        PING,
        {},
        { timeoutMs: 20_000 }
      )
      assert.equal(typeof reply.time, 'number')
    }
  })

  test('a service a universe does not run is SERVICE_NOT_RUNNING there', async () => {
    const client = b.runner('client')
    assert.ok(client !== undefined)
    await assert.rejects(callService(client.node, b.directory, 'hoarder', PING), { code: 'SERVICE_NOT_RUNNING' })
  })

  test("control: a fresh node holding universe A's key can join A", async () => {
    const node = await createNode({ swarmKey: swarmKeyFor(a.id) })
    strays.push(node)
    const elder = a.directory.byRole('elder')[0]
    assert.ok(elder !== undefined)
    const conn = await node.dial(elder.addrs, { signal: AbortSignal.timeout(15_000) })
    assert.equal(conn.remotePeer.toString(), elder.peerId)
  })

  test("a node holding universe B's key cannot dial universe A", async () => {
    const node = await createNode({ swarmKey: swarmKeyFor(b.id) })
    strays.push(node)
    await dialFails(node, a)
  })

  test('a node with no key cannot dial universe A', async () => {
    const node = await createNode({})
    strays.push(node)
    await dialFails(node, a)
  })

  test("B's own client node cannot dial A, nor call A's services", async () => {
    const client = b.runner('client')
    assert.ok(client !== undefined)
    await dialFails(client.node, a)
    const code = await callService(client.node, a.directory, 'tns', PING, {}, { timeoutMs: DIAL_BOUND_MS }).then(
      () => 'answered',
      (err: { code?: string }) => err.code
    )
    assert.ok(code === 'P2P_UNREACHABLE' || code === 'P2P_TIMEOUT', `got ${String(code)}`)
  })

  test('a universe node cannot dial a node outside any private network', async () => {
    const open = await createNode({})
    strays.push(open)
    const client = a.runner('client')
    assert.ok(client !== undefined)
    await assert.rejects(client.node.dial(open.getMultiaddrs(), { signal: AbortSignal.timeout(DIAL_BOUND_MS) }))
    assert.equal(open.getConnections(client.node.peerId).length, 0)
  })

  test('stopping one universe leaves the other running', async () => {
    const portsB = universePorts(b)
    await b.stop()
    assert.equal(b.state, 'stopped')
    assert.equal(a.state, 'running')
    assert.ok(portsB.length > 0)
    const client = a.runner('client')
    assert.ok(client !== undefined)
    const reply = await callService<{ time: number }>(
      client.node,
      a.directory,
      'hoarder',
      PING,
      {},
      { timeoutMs: 20_000 }
    )
    assert.equal(typeof reply.time, 'number')
  })
})
