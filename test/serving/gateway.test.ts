/**
 * gateway, the HTTP front door: injected into a running universe with `addService('gateway')`, it
 * passes requests (Host, method, path, query and body unchanged) to a live substrate and says which one answered.
 */
import { describe, test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import type { FunctionView } from '../../src/console/console.js'
import type { Universe } from '../../src/index.js'
import { startUniverse } from '../helpers/universe.js'
import { consoleFor, hostRequest, httpPort, pushAllAndWait } from '../helpers/serving.js'

describe('gateway passes requests to substrates', { timeout: 600_000 }, () => {
  let u: Universe
  let ping: FunctionView
  let echo: FunctionView
  let gw: number

  before(async () => {
    u = await startUniverse({ webhooks: false })
    const { console: c } = await consoleFor(u)
    await c.newProject('gw')
    ping = await c.newFunction('ping_pong', { project: 'gw', template: 'ping_pong', language: 'assemblyscript' })
    echo = await c.newFunction('echo', { project: 'gw', template: 'echo', language: 'assemblyscript' })
    await pushAllAndWait(u)
    const [entry] = await u.addService('gateway')
    assert.ok(entry !== undefined)
    gw = httpPort(u, 'gateway')
    assert.notEqual(gw, httpPort(u, 'substrate'))
  })
  after(async () => {
    await u?.stop()
  })

  test('a request to the gateway with the Host header reaches the function and carries X-Substrate-Peer', async () => {
    const substrate = u.directory.byRole('substrate')[0]
    assert.ok(substrate !== undefined)
    const r = await hostRequest(gw, ping.fqdn, '/ping')
    assert.equal(r.status, 200, r.body)
    assert.equal(r.body, 'PONG')
    assert.equal(r.headers['x-substrate-peer'], substrate.peerId)
    assert.equal(r.headers['x-dream-node'], substrate.peerId)
    assert.ok(typeof r.headers['x-dream-job'] === 'string')
  })

  test('method, query and body pass through the gateway unchanged', async () => {
    const body = 'through the gateway'
    const r = await hostRequest(gw, echo.fqdn, '/echo?via=gw&n=2', { method: 'POST', body })
    assert.equal(r.status, 200, r.body)
    assert.deepEqual(JSON.parse(r.body), { method: 'POST', path: '/echo', query: { via: 'gw', n: '2' }, body })
  })

  test("an unknown host through the gateway → the substrate's 404", async () => {
    const host = `nope.${u.name}.localtau`
    const r = await hostRequest(gw, host, '/ping')
    assert.equal(r.status, 404, r.body)
    assert.ok(r.body.includes(host))
    assert.ok(typeof r.headers['x-substrate-peer'] === 'string')
  })

  test('with two substrates, both serve through the gateway', async () => {
    await u.addService('substrate')
    const ids = new Set(u.directory.byRole('substrate').map(s => s.peerId))
    assert.equal(ids.size, 2)
    const seen = new Set<string>()
    for (let i = 0; i < 8 && seen.size < 2; i++) {
      const r = await hostRequest(gw, ping.fqdn, '/ping')
      assert.equal(r.status, 200, r.body)
      assert.equal(r.body, 'PONG')
      assert.equal(r.headers['x-substrate-peer'], r.headers['x-dream-node'])
      seen.add(String(r.headers['x-substrate-peer']))
    }
    assert.deepEqual([...seen].sort(), [...ids].sort())
  })

  test('with no substrate left the gateway answers 502', async () => {
    await u.kill('substrate')
    await u.kill('substrate')
    const r = await hostRequest(gw, ping.fqdn, '/ping')
    assert.equal(r.status, 502, r.body)
    assert.match(r.body, /substrate/)
  })
})
