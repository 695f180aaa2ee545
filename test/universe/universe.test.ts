/**
 * A universe starts, every node is its own libp2p host meshed through the elder, every service
 * answers `ping` over p2p from the client node (and over its own HTTP port), and stop() frees every port.
 */
import { test, describe, after } from 'node:test'
import assert from 'node:assert/strict'
import { existsSync } from 'node:fs'
import { DEFAULT_SERVICES, DEFAULT_SIMPLES, SERVICES, type Universe } from '../../src/index.js'
import { callPeer, callService } from '../../src/services/client.js'
import { SeerClient } from '../../src/services/seer/client.js'
import { PING, call } from '../../src/p2p/protocol.js'
import { PROTOCOLS } from '../../src/services/types.js'
import { swarmKeyFor } from '../../src/p2p/swarm-key.js'
import { tcpPort } from '../../src/p2p/node.js'
import { openPorts, startUniverse, universePorts, waitFor } from '../helpers/universe.js'

describe('a default universe', { timeout: 120_000 }, () => {
  let u: Universe
  after(async () => {
    await u?.stop()
  })

  test('starts elder, client and every default service, each a node of its own', async () => {
    u = await startUniverse()
    assert.equal(u.state, 'running')
    assert.deepEqual([...DEFAULT_SERVICES], ['auth', 'patrick', 'monkey', 'tns', 'hoarder', 'substrate', 'seer'])
    assert.deepEqual([...DEFAULT_SIMPLES], ['elder', 'client'])
    const roles = u.directory
      .all()
      .map(e => e.role)
      .sort()
    assert.deepEqual(roles, [...DEFAULT_SIMPLES, ...DEFAULT_SERVICES].sort())
    assert.equal(u.directory.byRole('gateway').length, 0, 'gateway only starts when asked for')

    const peerIds = new Set(u.directory.all().map(e => e.peerId))
    assert.equal(peerIds.size, 9, 'one libp2p host (peer id) per node')
    assert.equal(u.runners().length, 9)
    for (const r of u.runners()) {
      assert.equal(r.node.status, 'started')
      assert.equal(r.entry.ports.p2p, tcpPort(r.node))
      for (const a of r.entry.addrs) assert.match(a.toString(), /^\/ip4\/127\.0\.0\.1\/tcp\/\d+\/p2p\/12D3Koo/)
    }
  })

  test('every node has its own ports; services have http, seer has dns', () => {
    const all: number[] = []
    for (const e of u.directory.all()) {
      assert.ok(Number.isInteger(e.ports.p2p) && (e.ports.p2p ?? 0) > 0, `${e.role} has a p2p port`)
      if (e.kind === 'service') assert.ok((e.ports.http ?? 0) > 0, `${e.role} has an http port`)
      else assert.equal(e.ports.http, undefined, `simple ${e.role} has no http port`)
      all.push(...Object.values(e.ports))
    }
    assert.ok((u.directory.byRole('seer')[0]?.ports.dns ?? 0) > 0, 'seer has a dns port')
    assert.equal(new Set(all).size, all.length, `no port is shared: ${all.join(',')}`)
  })

  test("the swarm key is the universe's own PSK v1 key", () => {
    assert.deepEqual(u.swarmKey, swarmKeyFor(u.id))
    assert.match(new TextDecoder().decode(u.swarmKey), /^\/key\/swarm\/psk\/1\.0\.0\/\n\/base16\/\n[0-9a-f]{64}$/)
  })

  test('every node bootstraps from the elder', async () => {
    const elder = u.runner('elder')
    assert.ok(elder !== undefined)
    const others = u.directory
      .all()
      .filter(e => e.role !== 'elder')
      .map(e => e.peerId)
    // dial() can resolve before the elder registers the inbound side: poll (bounded) instead of sleeping.
    await waitFor('the elder to see every node', () => {
      const seen = new Set(elder.node.getConnections().map(c => c.remotePeer.toString()))
      return others.every(p => seen.has(p))
    })
  })

  for (const service of ['auth', 'patrick', 'monkey', 'tns', 'hoarder', 'substrate', 'seer'] as const) {
    test(`${service} answers ping over p2p (${PROTOCOLS[service] ?? ''}) from the client node`, async () => {
      const client = u.runner('client')
      assert.ok(client !== undefined)
      const reply = await callService<{ time: number }>(
        client.node,
        u.directory,
        service,
        PING,
        {},
        { timeoutMs: 20_000 }
      )
      assert.equal(typeof reply.time, 'number')
      assert.ok(Math.abs(reply.time - Date.now() / 1000) < 3600, 'ping answers a unix time in seconds')
    })
  }

  test('seer lists every live node of the universe with its role and ports', async () => {
    const client = u.runner('client')
    assert.ok(client !== undefined)
    const nodes = await new SeerClient(client.node, u.directory).nodes()
    assert.deepEqual(
      nodes.map(n => n.id).sort(),
      u.directory
        .all()
        .map(e => e.peerId)
        .sort()
    )
    const tns = nodes.find(n => n.role === 'tns')
    assert.ok(tns !== undefined && typeof tns.ports.p2p === 'number' && tns.addrs.length > 0)
  })

  test('each service node answers on its own protocol only; unknown commands have a code', async () => {
    const client = u.runner('client')
    assert.ok(client !== undefined)
    const tns = u.directory.byRole('tns')[0]
    const auth = u.directory.byRole('auth')[0]
    assert.ok(tns !== undefined && auth !== undefined)
    const pong = await callPeer<{ time: number }>(client.node, tns, 'tns', PING, {}, { timeoutMs: 20_000 })
    assert.equal(typeof pong.time, 'number')
    await assert.rejects(call(client.node, tns.addrs, '/tns/v1', 'no-such-command', {}, { timeoutMs: 20_000 }), {
      code: 'UNKNOWN_COMMAND'
    })
    // auth's node does not speak /tns/v1: protocol negotiation fails, which is not retried as a remote error.
    await assert.rejects(call(client.node, auth.addrs, '/tns/v1', PING, {}, { timeoutMs: 20_000 }), {
      code: 'P2P_UNREACHABLE'
    })
  })

  test('services answer HTTP on their own port (GET /ping; substrate leaves every path to functions)', async () => {
    for (const e of u.directory.all().filter(x => x.kind === 'service')) {
      const res = await fetch(`http://127.0.0.1:${e.ports.http ?? 0}/ping`, { signal: AbortSignal.timeout(10_000) })
      if (e.role === 'substrate') {
        // No function is registered: a 404 from this very node.
        assert.equal(res.status, 404)
        assert.equal(res.headers.get('x-dream-node'), e.peerId)
        await res.arrayBuffer()
        continue
      }
      assert.equal(res.status, 200, e.role)
      assert.deepEqual(await res.json(), { ping: 'pong', service: e.role })
    }
  })

  test('gateway has no stream protocol: NO_PROTOCOL', async () => {
    const client = u.runner('client')
    assert.ok(client !== undefined)
    assert.ok(SERVICES.includes('gateway'))
    await assert.rejects(callService(client.node, u.directory, 'gateway', PING), { code: 'NO_PROTOCOL' })
  })

  test('stop() closes every port, removes the temporary root and can be called twice', async () => {
    const ports = universePorts(u)
    const root = u.root
    assert.ok(ports.length >= 9 + 7 + 2, `ports: ${ports.join(',')}`)
    assert.ok(existsSync(root))
    assert.deepEqual((await openPorts(ports)).sort(), [...ports].sort(), 'sanity: every port accepts before stop()')
    await u.stop()
    assert.equal(u.state, 'stopped')
    assert.deepEqual(u.directory.all(), [])
    assert.deepEqual(await openPorts(ports), [], 'every port refuses connections once stop() has resolved')
    assert.equal(existsSync(root), false, 'the temporary state directory is removed')
    await u.stop()
  })
})
