/**
 * `--bind`, `--enable`/`--disable`, `--simples`: parsing, and pinned ports and copies in a
 * started universe.
 */
import { test, describe } from 'node:test'
import assert from 'node:assert/strict'
import { parseBinds, BIND_KEYS } from '../../src/universe/binds.js'
import { list, resolveServices, toUniverseSpec } from '../../src/universe/config.js'
import { DreamError, InvalidInputError, createLogger, createUniverse } from '../../src/index.js'
import { freePort, occupyPort, openPorts, withUniverse } from '../helpers/universe.js'

const ENABLED = ['auth', 'patrick', 'monkey', 'tns', 'hoarder', 'substrate', 'seer']

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn()
  } catch (err) {
    assert.ok(err instanceof InvalidInputError, `an InvalidInputError, not ${String(err)}`)
    assert.equal(err.status, 400)
    return err.code
  }
  return undefined
}

describe('parseBinds', () => {
  test('the keys are p2p, http, dns and copies', () => {
    assert.deepEqual([...BIND_KEYS], ['p2p', 'http', 'dns', 'copies'])
  })

  test('valid binds: each key, p2p by default, several per service, comma lists', () => {
    assert.deepEqual(parseBinds(['tns@4040/http', 'seer@8099/dns', 'auth@3/copies', 'hoarder@5000'], ENABLED), {
      tns: { http: 4040 },
      seer: { dns: 8099 },
      auth: { copies: 3 },
      hoarder: { p2p: 5000 }
    })
    assert.deepEqual(parseBinds(['tns@4040/http,tns@4041/p2p', ' substrate@4042/http '], ENABLED), {
      tns: { http: 4040, p2p: 4041 },
      substrate: { http: 4042 }
    })
    assert.deepEqual(parseBinds(['tns@1/p2p', 'auth@65535/http'], ENABLED), { tns: { p2p: 1 }, auth: { http: 65535 } })
    assert.deepEqual(parseBinds([], ENABLED), {})
    assert.deepEqual(parseBinds(['', ' , '], ENABLED), {})
  })

  test('a copies count is not a port: it may equal a bound port', () => {
    assert.deepEqual(parseBinds(['auth@2/copies', 'tns@2/http'], ENABLED), { auth: { copies: 2 }, tns: { http: 2 } })
  })

  test('a port bound twice is BIND_DUPLICATE, across services and keys', () => {
    assert.equal(
      codeOf(() => parseBinds(['tns@4040/http', 'auth@4040/http'], ENABLED)),
      'BIND_DUPLICATE'
    )
    assert.equal(
      codeOf(() => parseBinds(['tns@4040/http', 'tns@4040'], ENABLED)),
      'BIND_DUPLICATE'
    )
    assert.equal(
      codeOf(() => parseBinds(['tns@4040/http,seer@4040/dns'], ENABLED)),
      'BIND_DUPLICATE'
    )
  })

  test('a service that is not enabled is BIND_DISABLED', () => {
    assert.equal(
      codeOf(() => parseBinds(['gateway@4040/http'], ENABLED)),
      'BIND_DISABLED'
    )
    assert.equal(
      codeOf(() => parseBinds(['tns@4040/http'], ['auth'])),
      'BIND_DISABLED'
    )
    assert.equal(
      codeOf(() => parseBinds(['nosuch@4040/http'], ENABLED)),
      'BIND_DISABLED'
    )
  })

  test('a bad key, a malformed item, a bad port or zero copies is BIND_INVALID', () => {
    for (const bad of [
      'tns@4040/ftp',
      'tns@4040/HTTP',
      'tns:4040',
      'tns@',
      '@4040',
      'tns@port/http',
      'tns@-1/http',
      'tns@0/http',
      'tns@65536/http',
      'tns@99999',
      'auth@0/copies',
      'tns@4040/http/x'
    ]) {
      assert.equal(
        codeOf(() => parseBinds([bad], ENABLED)),
        'BIND_INVALID',
        bad
      )
    }
  })

  test('the error message names the item', () => {
    assert.throws(
      () => parseBinds(['tns@4040/ftp'], ENABLED),
      (err: unknown) => err instanceof DreamError && err.message.includes('tns@4040/ftp')
    )
  })
})

describe('universe config from flags', () => {
  test('default services are all but gateway; --enable picks, --disable removes', () => {
    assert.deepEqual(resolveServices(), ENABLED)
    assert.deepEqual(resolveServices(['seer', 'tns']), ['tns', 'seer'], 'in the fixed order')
    assert.deepEqual(resolveServices(['gateway']), ['gateway'])
    assert.deepEqual(resolveServices([], ['auth', 'seer']), ['patrick', 'monkey', 'tns', 'hoarder', 'substrate'])
  })

  test('unknown services and --enable with --disable are errors with codes', () => {
    assert.equal(
      codeOf(() => resolveServices(['nosuch'])),
      'UNKNOWN_SERVICE'
    )
    assert.equal(
      codeOf(() => resolveServices([], ['nosuch'])),
      'UNKNOWN_SERVICE'
    )
    assert.equal(
      codeOf(() => resolveServices(['tns'], ['auth'])),
      'ENABLE_DISABLE'
    )
  })

  test('toUniverseSpec: defaults, simples, binds checked against the enabled services', () => {
    const d = toUniverseSpec()
    assert.deepEqual(d.services, ENABLED)
    assert.deepEqual(d.simples, ['elder', 'client'])
    assert.deepEqual(d.binds, {})
    const s = toUniverseSpec({
      enable: ['tns'],
      simples: ['elder', 'client', 'extra'],
      bind: ['tns@4040/http'],
      keep: true,
      webhooks: false
    })
    assert.deepEqual(s, {
      services: ['tns'],
      simples: ['elder', 'client', 'extra'],
      binds: { tns: { http: 4040 } },
      keep: true,
      webhooks: false
    })
    assert.equal(
      codeOf(() => toUniverseSpec({ disable: ['tns'], bind: ['tns@4040/http'] })),
      'BIND_DISABLED'
    )
  })

  test('list() splits comma lists and repeated flags', () => {
    assert.deepEqual(list(undefined), [])
    assert.deepEqual(list('a, B,,c'), ['a', 'b', 'c'])
    assert.deepEqual(list(['a,b', 'c']), ['a', 'b', 'c'])
  })
})

describe('binds in a running universe', { timeout: 120_000 }, () => {
  test('pinned p2p and http ports are used; copies start that many nodes, each with its own ports', async () => {
    const [p2p, http] = [await freePort(), await freePort()]
    await withUniverse(
      {
        services: ['tns', 'hoarder'],
        binds: parseBinds([`tns@${p2p}`, `tns@${http}/http`, 'hoarder@2/copies'], ['tns', 'hoarder'])
      },
      async u => {
        const [tns, ...more] = u.directory.byRole('tns')
        assert.equal(more.length, 0)
        assert.equal(tns?.ports.p2p, p2p)
        assert.equal(tns?.ports.http, http)
        const hoarders = u.directory.byRole('hoarder')
        assert.equal(hoarders.length, 2)
        const ports = hoarders.flatMap(h => [h.ports.p2p, h.ports.http])
        assert.equal(new Set(ports).size, 4, `distinct ports: ${ports.join(',')}`)
        assert.deepEqual(
          u.status().services.filter(s => s.copies > 0),
          [
            { name: 'tns', copies: 1 },
            { name: 'hoarder', copies: 2 }
          ]
        )
      }
    )
  })

  test('simples other than elder and client join too', async () => {
    await withUniverse({ services: [], simples: ['elder', 'client', 'extra'] }, async u => {
      assert.deepEqual(u.status().simples, ['elder', 'client', 'extra'])
      assert.equal(u.status()['node-count'], 3)
    })
  })

  test('a pinned port that is taken fails the start and leaves nothing running', async () => {
    const busy = await occupyPort()
    // The universe logs each node's ports at debug level as it comes up: collect them to check they are freed.
    const started: number[] = []
    const log = createLogger({
      level: 'debug',
      write: line => {
        const m = / up (\{.*\})$/.exec(line)
        if (m?.[1] !== undefined) started.push(...Object.values(JSON.parse(m[1]) as Record<string, number>))
      }
    })
    try {
      const u = createUniverse({
        name: 'busy-bind',
        services: ['hoarder', 'tns'],
        binds: { tns: { http: busy.port } },
        log
      })
      await assert.rejects(u.start(), { code: 'PORT_BUSY' })
      assert.equal(u.state, 'stopped')
      assert.deepEqual(u.directory.all(), [])
      assert.ok(started.length > 0, 'some nodes had started before the failure')
      assert.deepEqual(await openPorts(started), [], 'nodes started before the failure are stopped')
      assert.deepEqual(await openPorts([busy.port]), [busy.port], 'the occupier is untouched')
    } finally {
      await busy.close()
    }
  })
})
