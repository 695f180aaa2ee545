/**
 * Contract tests for Taubyte's own Go client of the control API (its `clients/http/dream` package): each request
 * is sent as that client sends it (the paths, methods and bodies of its source: PascalCase configs, `"params": []`
 * with every injection, positional fixture params, DELETEs without a body or a Content-Type, an Authorization
 * header of "<provider> <token>"), and each answer is checked for what it reads: status 200 (or 400 with an
 * `error` it shows), JSON without an `error` field, and the reply fields it decodes.
 */
import { after, before, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import type { Daemon } from '../../src/index.js'
import { rawRequest } from '../helpers/http.js'
import { startTestDaemon } from '../helpers/universe.js'

/** The catalogue of fixtures Taubyte's dream knows by name: what its client may name. */
const TAU_FIXTURES = [
  'setBranch',
  'pushAll',
  'pushConfig',
  'pushCode',
  'pushWebsite',
  'pushLibrary',
  'attachDomain',
  'clearRepos',
  'attachPlugin',
  'pushSpecific',
  'attachProdProject',
  'importProdProject',
  'fakeProject',
  'injectProject',
  'compileFor',
  'buildLocalProject'
]

/** A Go `commonIface.ServiceConfig` as encoding/json writes it (no JSON tags: field names as declared). */
function serviceConfig(others: Record<string, number> | null = null, extra: object = {}): object {
  return {
    Disabled: false,
    Port: 0,
    Root: '',
    Ctx: null,
    Cluster: '',
    Others: others,
    PublicKey: null,
    PrivateKey: null,
    SwarmKey: null,
    Databases: null,
    Location: { Latitude: 0, Longitude: 0 },
    Hosts: null,
    ...extra
  }
}
/** A Go `dream.SimpleConfig` with the clients Taubyte's CLI gives a simple. */
function simpleConfig(): object {
  const client = { Disabled: false, Port: 0, Root: '' }
  return {
    Disabled: false,
    Port: 0,
    Root: '',
    Clients: Object.fromEntries(['seer', 'auth', 'patrick', 'tns', 'monkey', 'hoarder'].map(c => [c, client]))
  }
}

interface GoReply {
  status: number
  body: unknown
}

describe("Taubyte's Go dream client against the control API", { timeout: 180_000 }, () => {
  let d: Daemon
  before(async () => {
    d = await startTestDaemon()
  })
  after(async () => {
    await d?.stop()
  })

  /** One request as `(*Client).do` makes it. */
  const go = async (method: 'GET' | 'POST' | 'DELETE', path: string, data?: unknown): Promise<GoReply> => {
    const headers: Record<string, string> = {
      'user-agent': 'Go-http-client/1.1',
      authorization: ' ',
      'accept-encoding': 'gzip'
    }
    if (data !== undefined) headers['content-type'] = 'application/json'
    const r = await rawRequest(d.apiPort, method, path, headers, data === undefined ? undefined : JSON.stringify(data))
    return { status: r.status, body: r.body === '' ? undefined : (JSON.parse(r.body) as unknown) }
  }
  /** What the client takes for success: 200 and no `error` in the JSON. */
  const accepted = async (method: 'GET' | 'POST' | 'DELETE', path: string, data?: unknown): Promise<unknown> => {
    const r = await go(method, path, data)
    assert.equal(r.status, 200, `${method} ${path}: ${r.status} ${JSON.stringify(r.body)}`)
    const err = (r.body as { error?: unknown } | null)?.error
    assert.ok(err === undefined || err === '', `${method} ${path} carries an error: ${String(err)}`)
    return r.body
  }
  /** What the client shows as the server's error: a 400 whose `error` says what is wrong. */
  const refused = async (path: string, data: unknown, mentions: RegExp): Promise<void> => {
    const r = await go('POST', path, data)
    assert.equal(r.status, 400, `POST ${path}: ${r.status} ${JSON.stringify(r.body)}`)
    assert.match(String((r.body as { error?: string }).error), mentions)
  }
  /** The chart's p2p nodes (this dream also shows its git host, as `git@<universe>`). */
  const chart = async (u: string): Promise<Array<{ id: string; name: string; value: Record<string, number> }>> =>
    (
      (await accepted('GET', `/les/miserables/${u}`)) as { nodes: Array<{ id: string; name: string; value: never }> }
    ).nodes.filter(n => !n.name.startsWith('git@'))

  test('StartUniverseWithConfig: only the listed nodes start, copies under Others', async () => {
    const config = {
      Services: { tns: serviceConfig({ copies: 2 }), hoarder: serviceConfig() },
      Simples: { client: simpleConfig() }
    }
    assert.equal(await accepted('POST', '/universe/TauOne', { config }), null)
    const names = (await chart('tauone')).map(n => n.name).sort()
    assert.deepEqual(names, ['client@tauone', 'hoarder@tauone', 'tns@tauone', 'tns@tauone'])
    for (const n of await chart('tauone')) if (n.name === 'tns@tauone') assert.equal(n.value.copies, 2)
  })

  test('a dream.Config{} (null Services and Simples) is an empty universe', async () => {
    assert.equal(await accepted('POST', '/universe/tauempty', { config: { Services: null, Simples: null } }), null)
    assert.deepEqual(await chart('tauempty'), [])
    assert.equal(await accepted('DELETE', '/universe/tauempty'), null)
    assert.ok(!d.multiverse.names().includes('tauempty'))
  })

  test('a nil *dream.Config (config: null) is a universe with the defaults', async () => {
    assert.equal(await accepted('POST', '/universe/taunil', { config: null }), null)
    assert.ok((await chart('taunil')).some(n => n.name === 'patrick@taunil'))
    assert.equal(await accepted('DELETE', '/universe/taunil'), null)
  })

  test('Status, Universes, Chart and Id decode into the client types', async () => {
    const status = (await accepted('GET', '/status')) as Record<string, Record<string, unknown>>
    const s = status.tauone
    assert.ok(s !== undefined)
    assert.equal(typeof s.root, 'string')
    // []byte is base64 in JSON: the libp2p swarm key file.
    assert.match(Buffer.from(String(s['swarm-key']), 'base64').toString('utf8'), /^\/key\/swarm\/psk\/1\.0\.0\//)
    assert.equal(s['node-count'], 4)
    assert.deepEqual(s.simples, ['client'])
    assert.equal(Object.keys(s.nodes as object).length, 4)
    for (const addrs of Object.values(s.nodes as Record<string, unknown>)) assert.ok(Array.isArray(addrs))
    const services = s.services as Array<{ name: string; copies: number }>
    assert.equal(services.find(x => x.name === 'tns')?.copies, 2)
    assert.equal(services.find(x => x.name === 'auth')?.copies, 0)

    const universes = (await accepted('GET', '/universes')) as Record<string, Record<string, unknown>>
    assert.equal(universes.tauone?.['node-count'], 4)
    assert.equal(universes.tauone?.['swarm-key'], s['swarm-key'])

    for (const n of await chart('tauone')) {
      assert.equal(typeof n.id, 'string')
      assert.ok(Object.values(n.value).every(v => Number.isInteger(v)))
    }
    const { id } = (await accepted('GET', '/id/tauone')) as { id: string }
    assert.equal(id, d.multiverse.get('tauone').id)
  })

  test('Inject(inject.Service) honours config.Others.copies and http; ipfs and secure 0 are ignored', async () => {
    // Taubyte's client may send an ipfs port and secure: 0: accepted, with nothing here to apply them to.
    const body = { params: [], config: serviceConfig({ copies: 2, ipfs: 0, secure: 0 }) }
    assert.equal(await accepted('POST', '/service/tauone/hoarder', body), null)
    assert.equal((await chart('tauone')).filter(n => n.name === 'hoarder@tauone').length, 3)
    const http = (await d.multiverse.get('tauone').directory.byRole('tns')).length
    assert.equal(http, 2)
  })

  test('Inject(inject.Simple) with its client list', async () => {
    assert.equal(await accepted('POST', '/simple/tauone/extra', { params: [], config: simpleConfig() }), null)
    assert.ok((await chart('tauone')).some(n => n.name === 'extra@tauone'))
  })

  test('what cannot work here is a 400 naming the field and why', async () => {
    await refused(
      '/service/tauone/tns',
      { params: [], config: serviceConfig({ https: 1 }) },
      /Others\.https.*plain HTTP/
    )
    await refused(
      '/service/tauone/tns',
      { params: [], config: serviceConfig({ secure: 1 }) },
      /Others\.secure is 1: .*plain HTTP.*send 0/
    )
    await refused('/service/tauone/tns', { params: [], config: serviceConfig({ mock: 1 }) }, /Others\.mock is not/)
    await refused('/service/tauone/tns', { params: [], config: serviceConfig(null, { Root: '/x' }) }, /config\.Root/)
    await refused('/universe/taubad', { config: { Services: { bogus: serviceConfig() } } }, /unknown service "bogus"/)
    await refused(
      '/universe/taubad',
      { config: { Services: { tns: serviceConfig(null, { PrivateKey: 'AAAA' }) } } },
      /config\.Services\.tns\.PrivateKey/
    )
    await refused('/service/tauone/tns', { config: { copies: 1, Others: { copies: 2 } } }, /mixes/)
    // Go decodes JSON keys case-insensitively; this API does not, and says which key it does not know.
    await refused('/universe/taubad', { config: { services: {} } }, /config\.services is not a field/)
    assert.ok(!d.multiverse.names().includes('taubad'), 'a refused config started nothing')
  })

  test('DELETE /node/{universe}/{name}/{id} stops that copy only', async () => {
    const before = (await chart('tauone')).filter(n => n.name === 'hoarder@tauone').map(n => n.id)
    const victim = before[1] ?? ''
    assert.equal(await accepted('DELETE', `/node/tauone/hoarder/${victim}`), null)
    const left = (await chart('tauone')).filter(n => n.name === 'hoarder@tauone').map(n => n.id)
    assert.deepEqual(left.sort(), before.filter(id => id !== victim).sort())
    const r = await go('DELETE', `/node/tauone/hoarder/${victim}`)
    assert.equal(r.status, 404)
    assert.match(String((r.body as { error: string }).error), new RegExp(left[0] ?? 'x'), 'lists the live copies')
  })

  test('KillService and KillSimple: DELETEs without a body', async () => {
    assert.equal(await accepted('DELETE', '/service/tauone/tns'), null)
    assert.equal(await accepted('DELETE', '/simple/tauone/extra'), null)
    const names = (await chart('tauone')).map(n => n.name)
    assert.equal(names.filter(n => n === 'tns@tauone').length, 1)
    assert.ok(!names.includes('extra@tauone'))
  })

  test("GET /spec/fixtures lists names of Taubyte's catalogue, every fixture of this dream among them", async () => {
    const names = (await accepted('GET', '/spec/fixtures')) as string[]
    for (const n of names) assert.ok(TAU_FIXTURES.includes(n), `${n} is not one of Taubyte's fixtures`)
    for (const n of ['setBranch', 'pushAll', 'pushSpecific', 'fakeProject', 'injectProject', 'buildLocalProject'])
      assert.ok(names.includes(n), n)
    assert.deepEqual(await accepted('GET', '/spec/clients'), [
      'seer',
      'auth',
      'patrick',
      'tns',
      'monkey',
      'hoarder',
      'substrate'
    ])
    assert.deepEqual(await accepted('GET', '/spec/services'), [
      'auth',
      'patrick',
      'monkey',
      'tns',
      'hoarder',
      'substrate',
      'seer',
      'gateway'
    ])
  })

  test('Inject(inject.Fixture): camelCase names and positional params', async () => {
    await accepted('POST', '/fixture/tauone/setBranch', { params: ['dev'] })
    assert.equal(d.multiverse.get('tauone').branch, 'dev')
    // This dream's own spelling still works.
    await accepted('POST', '/fixture/tauone/set-branch', { params: { name: 'main' } })
    assert.equal(d.multiverse.get('tauone').branch, 'main')
    await refused('/fixture/tauone/setBranch', { params: ['a', 'b'] }, /at most 1 positional/)
    await refused('/fixture/tauone/setBranch', { params: [] }, /needs --name/)
    await refused('/fixture/tauone/setBranch', { params: { nosuch: 'x' } }, /no param "nosuch"/)
    await refused('/fixture/tauone/attachPlugin', { params: ['/tmp/plugin'] }, /does not run in this dream: .*wasm/)
    // pushAll's third positional param is the project folder whose git repositories it pushes.
    await refused(
      '/fixture/tauone/pushAll',
      { params: ['', '', '/nonexistent/dream-project'] },
      /--path \/nonexistent\/dream-project is not an existing folder/
    )
    const unknown = await go('POST', '/fixture/tauone/noSuchFixture', { params: [] })
    assert.equal(unknown.status, 404)
  })
})
