/**
 * The control API: a real daemon from `startDaemon` on a kernel-chosen port, its JSON
 * bodies, `{code, error}` errors with 4xx statuses, CORS, inject and kill, and a busy port.
 */
import { test, describe, after } from 'node:test'
import assert from 'node:assert/strict'
import { DEFAULT_API_PORT, startApi } from '../../src/api/server.js'
import { Multiverse, SERVICES, startDaemon, type Chart, type Daemon, type UniverseStatus } from '../../src/index.js'
import { PING } from '../../src/p2p/protocol.js'
import { callPeer, callService } from '../../src/services/client.js'
import { occupyPort, openPorts, startTestDaemon, waitFor } from '../helpers/universe.js'

const DEFAULT_ORDER = ['elder', 'client', 'auth', 'patrick', 'monkey', 'tns', 'hoarder', 'substrate', 'seer']

interface Res {
  status: number
  body: unknown
  headers: Record<string, unknown>
}

describe('control API of a running daemon', { timeout: 180_000 }, () => {
  let d: Daemon
  after(async () => {
    await d?.stop()
  })

  const req = async (
    method: 'GET' | 'POST' | 'DELETE' | 'OPTIONS',
    url: string,
    payload?: object,
    headers: Record<string, string> = {}
  ): Promise<Res> => {
    // State changes are JSON (an empty object when there is nothing to say), as the CLI sends them.
    const body = payload ?? (method === 'POST' || method === 'DELETE' ? {} : undefined)
    const r = await d.api.inject({ method, url, ...(body !== undefined ? { payload: body } : {}), headers })
    const json = String(r.headers['content-type'] ?? '').startsWith('application/json')
    return {
      status: r.statusCode,
      body: r.body === '' ? undefined : json ? (JSON.parse(r.body) as unknown) : r.body,
      headers: r.headers
    }
  }
  const get = async <T>(url: string): Promise<T> => {
    const r = await req('GET', url)
    assert.equal(r.status, 200, `GET ${url}: ${JSON.stringify(r.body)}`)
    return r.body as T
  }
  const ok = async (method: 'POST' | 'DELETE', url: string, payload?: object): Promise<void> => {
    const r = await req(method, url, payload)
    assert.equal(r.status, 200, `${method} ${url}: ${JSON.stringify(r.body)}`)
    assert.equal(r.body, null, 'success with nothing to say is JSON null')
  }
  /** An error: a 4xx status and exactly `{code, error}`. */
  const fails = async (
    method: 'GET' | 'POST' | 'DELETE',
    url: string,
    code: string,
    payload?: object
  ): Promise<string> => {
    const r = await req(method, url, payload)
    assert.ok(r.status >= 400 && r.status < 500, `${method} ${url}: status ${r.status}`)
    const body = r.body as { code: string; error: string }
    assert.deepEqual(Object.keys(body).sort(), ['code', 'error'])
    assert.equal(body.code, code, `${method} ${url}: ${JSON.stringify(body)}`)
    assert.equal(typeof body.error, 'string')
    assert.ok(body.error.length > 0)
    return body.error
  }
  const servicesNodes = async (u: string, role: string): Promise<Chart['nodes']> =>
    (await get<Chart>(`/les/miserables/${u}`)).nodes.filter(n => n.name === `${role}@${u}`)

  test('the default API port is 1421', () => {
    assert.equal(DEFAULT_API_PORT, 1421)
  })

  test('startDaemon with apiPort 0 reports the real port, which answers GET /ping', async () => {
    d = await startTestDaemon({ universes: [{ name: 'blackhole', spec: {} }], allowOrigins: ['http://localhost:3000'] })
    assert.ok(d.apiPort > 0 && d.apiPort !== DEFAULT_API_PORT, `port ${d.apiPort}`)
    const res = await fetch(`http://127.0.0.1:${d.apiPort}/ping`, { signal: AbortSignal.timeout(10_000) })
    assert.equal(res.status, 200)
    assert.equal((await res.text()).replace(/"/g, ''), 'pong')
    assert.deepEqual(d.multiverse.names(), ['blackhole'])
  })

  test("GET /status: one entry per universe in the real dream's shape", async () => {
    const status = await get<Record<string, UniverseStatus>>('/status')
    assert.deepEqual(Object.keys(status), ['blackhole'])
    const s = status.blackhole
    assert.ok(s !== undefined)
    const u = d.multiverse.get('blackhole')
    assert.equal(s.root, u.root)
    assert.equal(s['swarm-key'], Buffer.from(u.swarmKey).toString('base64'))
    assert.equal(s['node-count'], 9)
    assert.deepEqual(s.simples, ['elder', 'client'])
    assert.equal(Object.keys(s.nodes).length, 9)
    for (const addrs of Object.values(s.nodes)) {
      assert.ok(addrs.length > 0)
      for (const a of addrs) assert.match(a, /^\/ip4\/127\.0\.0\.1\/tcp\/\d+\/p2p\//)
    }
    assert.deepEqual(
      s.services,
      SERVICES.map(name => ({ name, copies: name === 'gateway' ? 0 : 1 }))
    )
    assert.match(s.git, /^http:\/\/127\.0\.0\.1:\d+/)
  })

  test('GET /universes: swarm key and node count only', async () => {
    const status = await get<Record<string, UniverseStatus>>('/status')
    assert.deepEqual(await get('/universes'), {
      blackhole: {
        root: '',
        'swarm-key': status.blackhole?.['swarm-key'],
        'node-count': 9,
        simples: null,
        nodes: null,
        services: null
      }
    })
  })

  test('GET /les/miserables/:u: nodes in a stable order, categories, links to the elder', async () => {
    const chart = await get<Chart>('/les/miserables/blackhole')
    assert.deepEqual(
      chart.nodes.map(n => n.name),
      [...DEFAULT_ORDER, 'git'].map(r => `${r}@blackhole`)
    )
    assert.deepEqual(
      chart.nodes.map(n => n.category),
      chart.nodes.map((_, i) => i)
    )
    assert.deepEqual(
      chart.categories,
      [...DEFAULT_ORDER, 'git'].map(name => ({ name }))
    )
    const u = d.multiverse.get('blackhole')
    const ports = new Set<number>()
    const dns = u.directory.byRole('seer')[0]?.ports.dns
    assert.ok(dns !== undefined)
    for (const n of chart.nodes) {
      const role = n.name.split('@')[0] ?? ''
      const keys = Object.keys(n.value)
      if (role === 'elder' || role === 'client') assert.deepEqual(keys, ['p2p'])
      else if (role === 'git') assert.deepEqual(n.value, { http: u.git.port })
      else {
        assert.deepEqual(keys, ['copies', 'dns', 'http', 'p2p'], `${n.name}: keys in a fixed order`)
        assert.equal(n.value.copies, 1)
        assert.equal(n.value.dns, dns, "seer's dns port is every service's dns row")
      }
      if (role !== 'git') assert.equal(n.id, u.directory.all().find(e => e.role === role)?.peerId)
      for (const [k, v] of Object.entries(n.value)) if (k !== 'copies' && k !== 'dns') ports.add(v)
    }
    assert.equal(ports.size, 9 + 7 + 1, 'p2p and http ports are all distinct')
    // Links: every node knows the elder (bounded poll: dial() may resolve before the elder registers it).
    const elder = chart.nodes[0]?.id ?? ''
    const ids = new Set(chart.nodes.map(n => n.id))
    await waitFor('every node to be linked to the elder', async () => {
      const c = await get<Chart>('/les/miserables/blackhole')
      for (const l of c.links) assert.ok(ids.has(l.source) && ids.has(l.target) && l.source !== l.target)
      const linked = new Set(
        c.links.flatMap(l => (l.source === elder ? [l.target] : l.target === elder ? [l.source] : []))
      )
      return c.nodes.filter(n => n.id !== elder && n.id !== 'git').every(n => linked.has(n.id))
    })
  })

  test('GET /id/:u and /spec/*', async () => {
    const { id } = await get<{ id: string }>('/id/blackhole')
    assert.equal(id, d.multiverse.get('blackhole').id)
    assert.match(id, /^Qm[1-9A-HJ-NP-Za-km-z]{44}$/)
    assert.deepEqual(await get('/id/BlackHole'), { id }, 'universe names are case-insensitive')
    assert.deepEqual(await get('/spec/services'), [
      'auth',
      'patrick',
      'monkey',
      'tns',
      'hoarder',
      'substrate',
      'seer',
      'gateway'
    ])
    assert.deepEqual((await get<string[]>('/spec/clients')).sort(), [
      'auth',
      'hoarder',
      'monkey',
      'patrick',
      'seer',
      'substrate',
      'tns'
    ])
    // Taubyte's shape: fixture names, as its client sends them.
    const names = await get<string[]>('/spec/fixtures')
    assert.ok(names.includes('pushAll') && names.includes('setBranch'), names.join(','))
    const fixtures =
      await get<Array<{ name: string; api: string; description: string; params: unknown[] }>>('/fixtures')
    assert.ok(fixtures.length > 0)
    for (const f of fixtures) {
      assert.equal(typeof f.name, 'string')
      assert.ok(names.includes(f.api), `${f.api} is listed by /spec/fixtures`)
      assert.equal(typeof f.description, 'string')
      assert.ok(Array.isArray(f.params))
    }
  })

  test('errors are {code, error} with a 4xx status', async () => {
    await fails('GET', '/les/miserables/nope', 'UNIVERSE_NOT_FOUND')
    await fails('GET', '/id/nope', 'UNIVERSE_NOT_FOUND')
    await fails('DELETE', '/universe/nope', 'UNIVERSE_NOT_FOUND')
    await fails('POST', '/service/nope/tns', 'UNIVERSE_NOT_FOUND', {})
    await fails('POST', '/simple/nope/extra', 'UNIVERSE_NOT_FOUND', {})
    const unknown = await fails('POST', '/service/blackhole/nosuch', 'UNKNOWN_SERVICE', {})
    for (const s of SERVICES) assert.ok(unknown.includes(s), 'the error lists the valid services')
    await fails('DELETE', '/service/blackhole/gateway', 'NODE_NOT_FOUND')
    await fails('DELETE', '/simple/blackhole/nosuch', 'NODE_NOT_FOUND')
    await fails('POST', '/universe/blackhole', 'UNIVERSE_EXISTS', {})
    await fails('POST', '/universe/other', 'UNKNOWN_SERVICE', { config: { enable: ['bogus'] } })
    await fails('POST', '/universe/other', 'BIND_DISABLED', { config: { enable: ['tns'], bind: ['auth@4040/http'] } })
    await fails('POST', '/universe/bad_name!', 'UNIVERSE_NAME', {})
    await fails('POST', '/simple/blackhole/client', 'SIMPLE_EXISTS', {})
    await fails('POST', '/simple/blackhole/tns', 'SIMPLE_NAME', {})
    await fails('POST', '/fixture/blackhole/nosuch', 'UNKNOWN_FIXTURE', {})
    await fails('GET', '/no/such/route', 'ROUTE_NOT_FOUND')
    assert.deepEqual(d.multiverse.names(), ['blackhole'], 'failed requests created nothing')
  })

  test('CORS lets a web page of an allowed origin call the API', async () => {
    const origin = 'http://localhost:3000'
    const pre = await req('OPTIONS', '/status', undefined, {
      origin,
      'access-control-request-method': 'POST',
      'access-control-request-headers': 'content-type'
    })
    assert.ok(pre.status === 204 || pre.status === 200, `preflight status ${pre.status}`)
    assert.equal(pre.headers['access-control-allow-origin'], origin)
    assert.match(String(pre.headers['access-control-allow-methods']), /POST/)
    assert.match(String(pre.headers['access-control-allow-headers']), /content-type/i)
    const r = await req('GET', '/ping', undefined, { origin })
    assert.equal(r.headers['access-control-allow-origin'], origin)
  })

  test('inject a service with copies 2: status shows the copies, each node with its own ports', async () => {
    await ok('POST', '/service/blackhole/tns', { config: { copies: 2 } })
    const nodes = await servicesNodes('blackhole', 'tns')
    assert.equal(nodes.length, 3)
    for (const n of nodes) assert.equal(n.value.copies, 3)
    const ports = nodes.flatMap(n => [n.value.p2p, n.value.http])
    assert.equal(new Set(ports).size, 6, `distinct ports: ${ports.join(',')}`)
    assert.equal(new Set(nodes.map(n => n.id)).size, 3)
    const status = await get<Record<string, UniverseStatus>>('/status')
    assert.deepEqual(
      status.blackhole?.services.find(s => s.name === 'tns'),
      { name: 'tns', copies: 3 }
    )
    assert.equal(status.blackhole?.['node-count'], 11)
    // The new copies answer over p2p.
    const u = d.multiverse.get('blackhole')
    const client = u.runner('client')
    assert.ok(client !== undefined)
    for (const e of u.directory.byRole('tns')) {
      assert.equal(
        typeof (await callPeer<{ time: number }>(client.node, e, 'tns', PING, {}, { timeoutMs: 20_000 })).time,
        'number'
      )
    }
  })

  test('kill removes one copy (the newest) and frees its ports', async () => {
    const before = await servicesNodes('blackhole', 'tns')
    const newest = before[before.length - 1]
    assert.ok(newest !== undefined)
    const ports = [newest.value.p2p ?? 0, newest.value.http ?? 0]
    assert.deepEqual(await openPorts(ports), ports, 'sanity: its ports accept before the kill')
    await ok('DELETE', '/service/blackhole/tns')
    const after = await servicesNodes('blackhole', 'tns')
    assert.deepEqual(
      after.map(n => n.id),
      before.slice(0, -1).map(n => n.id)
    )
    for (const n of after) assert.equal(n.value.copies, 2)
    assert.deepEqual(await openPorts(ports), [], "the killed node's ports refuse connections")
    const u = d.multiverse.get('blackhole')
    const client = u.runner('client')
    assert.ok(client !== undefined)
    const reply = await callService<{ time: number }>(client.node, u.directory, 'tns', PING, {}, { timeoutMs: 20_000 })
    assert.equal(typeof reply.time, 'number', 'the remaining copies still answer')
  })

  test('killing the only seer frees its dns port and removes the dns rows', async () => {
    const [seer] = await servicesNodes('blackhole', 'seer')
    assert.ok(seer?.value.dns !== undefined)
    await ok('DELETE', '/service/blackhole/seer')
    assert.deepEqual(await servicesNodes('blackhole', 'seer'), [])
    assert.deepEqual(await openPorts([seer.value.dns, seer.value.http ?? 0, seer.value.p2p ?? 0]), [])
    const [auth] = await servicesNodes('blackhole', 'auth')
    assert.equal(auth?.value.dns, undefined)
    await ok('POST', '/service/blackhole/seer', {})
    const [again] = await servicesNodes('blackhole', 'seer')
    assert.ok(again?.value.dns !== undefined)
  })

  test('inject and kill a simple', async () => {
    await ok('POST', '/simple/blackhole/extra', { config: {} })
    const chart = await get<Chart>('/les/miserables/blackhole')
    assert.deepEqual(
      chart.nodes.slice(0, 3).map(n => n.name),
      ['elder@blackhole', 'client@blackhole', 'extra@blackhole']
    )
    const extra = chart.nodes[2]
    assert.ok(extra !== undefined)
    assert.deepEqual(Object.keys(extra.value), ['p2p'])
    await ok('DELETE', '/simple/blackhole/extra')
    assert.ok(!(await get<Chart>('/les/miserables/blackhole')).nodes.some(n => n.name === 'extra@blackhole'))
    assert.deepEqual(await openPorts([extra.value.p2p ?? 0]), [])
  })

  test('a second universe via POST /universe, then DELETE frees all its ports', async () => {
    await ok('POST', '/universe/Second', { config: { enable: ['tns'], simples: ['elder', 'client'] } })
    assert.deepEqual(d.multiverse.names(), ['blackhole', 'second'])
    const chart = await get<Chart>('/les/miserables/second')
    assert.deepEqual(
      chart.nodes.map(n => n.name),
      ['elder@second', 'client@second', 'tns@second', 'git@second']
    )
    assert.deepEqual(Object.keys(await get<object>('/status')), ['blackhole', 'second'])
    const ids = await Promise.all(['blackhole', 'second'].map(async u => (await get<{ id: string }>(`/id/${u}`)).id))
    assert.notEqual(ids[0], ids[1])
    const ports = chart.nodes.flatMap(n =>
      Object.entries(n.value)
        .filter(([k]) => k !== 'copies')
        .map(([, v]) => v)
    )
    await ok('DELETE', '/universe/second')
    assert.deepEqual(d.multiverse.names(), ['blackhole'])
    await fails('GET', '/les/miserables/second', 'UNIVERSE_NOT_FOUND')
    assert.deepEqual(await openPorts(ports), [], 'every port of the killed universe is closed')
  })

  test('stop() closes the API port and every node port', async () => {
    const chart = await get<Chart>('/les/miserables/blackhole')
    const ports = [
      d.apiPort,
      ...chart.nodes.flatMap(n =>
        Object.entries(n.value)
          .filter(([k]) => k !== 'copies')
          .map(([, v]) => v)
      )
    ]
    assert.deepEqual(
      (await openPorts(ports)).sort(),
      [...new Set(ports)].sort(),
      'sanity: every port accepts before stop()'
    )
    await d.stop()
    assert.deepEqual(d.multiverse.names(), [])
    assert.deepEqual(await openPorts(ports), [])
  })
})

describe('a busy API port', { timeout: 60_000 }, () => {
  test('startDaemon fails with API_PORT_BUSY (409, exposed) and starts nothing', async () => {
    const busy = await occupyPort()
    try {
      let apiReady = false
      let universes = 0
      await assert.rejects(
        startDaemon({
          apiPort: busy.port,
          universes: [{ name: 'blackhole', spec: {} }],
          onApiReady: () => {
            apiReady = true
          },
          onUniverse: () => {
            universes++
          }
        }),
        (err: { code?: string; status?: number; expose?: boolean; message?: string }) => {
          assert.equal(err.code, 'API_PORT_BUSY')
          assert.equal(err.status, 409)
          assert.equal(err.expose, true)
          assert.ok(err.message?.includes(String(busy.port)), 'the message names the port')
          assert.ok(!(err.message ?? '').includes('\n'), 'one line')
          return true
        }
      )
      assert.equal(apiReady, false)
      assert.equal(universes, 0)
    } finally {
      await busy.close()
    }
  })

  test('startApi on a busy port: API_PORT_BUSY, and the multiverse stays empty', async () => {
    const busy = await occupyPort()
    const mv = new Multiverse()
    try {
      await assert.rejects(startApi(mv, busy.port), { code: 'API_PORT_BUSY' })
      assert.deepEqual(mv.names(), [])
    } finally {
      await busy.close()
      await mv.stop()
    }
  })
})

describe('startDaemon without callbacks', { timeout: 60_000 }, () => {
  test('still starts the universes it is given', async () => {
    const d = await startDaemon({ apiPort: 0, universes: [{ name: 'nocallback', spec: { services: ['tns'] } }] })
    try {
      assert.deepEqual(d.multiverse.names(), ['nocallback'])
    } finally {
      await d.stop()
    }
  })
})
