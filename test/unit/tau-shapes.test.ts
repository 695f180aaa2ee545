/**
 * The conversions behind the control API's Taubyte-client shapes, without a daemon: fixture names in both
 * spellings (as Taubyte's CLI derives its kebab names), positional params, and PascalCase configs turned into
 * this dream's universe spec, service copies and pinned ports.
 */
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { apiName, cliName, FIXTURES, findFixture } from '../../fixtures/index.js'
import { fixtureFor, fixtureParams } from '../../src/api/fixture-params.js'
import { fromTauConfig, tauServiceNodes } from '../../src/api/tau-config.js'
import { toUniverseSpec } from '../../src/universe/config.js'

test("fixture names: Taubyte's camelCase and this dream's kebab-case name the same fixture", () => {
  for (const camel of ['pushAll', 'setBranch', 'buildLocalProject', 'attachDomain', 'fakeProject']) {
    assert.equal(apiName(cliName(camel)), camel)
    assert.equal(findFixture(camel), findFixture(cliName(camel)))
    assert.ok(findFixture(camel) !== undefined, camel)
  }
  for (const name of Object.keys(FIXTURES)) assert.equal(cliName(apiName(name)), name)
  assert.throws(() => fixtureFor('compileFor'), /does not run in this dream/)
  assert.throws(() => fixtureFor('compile-for'), /does not run in this dream/)
  assert.throws(() => fixtureFor('nope'), /unknown fixture "nope"; known: push-all \(pushAll\)/)
})

test('positional params follow the order Taubyte declares; "" is a flag not given', () => {
  const pushAll = fixtureFor('pushAll')
  assert.deepEqual(fixtureParams(pushAll, ['Qm1', '', '']), { project: 'Qm1' })
  assert.deepEqual(fixtureParams(pushAll, ['', 'dev']), { branch: 'dev' })
  const specific = fixtureFor('pushSpecific')
  assert.deepEqual(fixtureParams(specific, ['42', 'me/repo', '', 'main', '']), {
    'repository-id': '42',
    'repository-fullname': 'me/repo',
    branch: 'main'
  })
  const build = fixtureFor('buildLocalProject')
  assert.deepEqual(fixtureParams(build, [true, false, '/p', null]), { config: 'true', code: 'false', path: '/p' })
  assert.throws(() => fixtureParams(build, [true, true]), /needs --path/)
  assert.throws(() => fixtureParams(build, [{}, true, '/p']), /params\[0\] \(config\) must be a string/)
  // Aliases work by name too.
  assert.deepEqual(fixtureParams(pushAll, { pid: 'Qm1', b: 'dev' }), { project: 'Qm1', branch: 'dev' })
  // Both forms check a value the same way: a scalar of at most 1000 characters, as a typed error.
  const long = 'x'.repeat(1001)
  for (const bad of [{ branch: { a: 1 } }, { branch: ['dev'] }, ['', { a: 1 }]])
    assert.throws(() => fixtureParams(pushAll, bad), { code: 'FIXTURE_PARAMS', message: /must be a string/ })
  for (const bad of [{ branch: long }, ['', long]])
    assert.throws(() => fixtureParams(pushAll, bad), { code: 'FIXTURE_PARAMS', message: /longer than 1000/ })
  assert.throws(() => fixtureParams(pushAll, 'dev'), { code: 'FIXTURE_PARAMS', message: /object .* or an array/ })
})

test("Taubyte's universe config: only the listed nodes, copies and ports as binds", () => {
  const spec = toUniverseSpec(
    fromTauConfig({
      Services: {
        tns: { Others: { copies: 3, http: 4040 } },
        auth: { Port: 4050 },
        seer: { Disabled: true }
      },
      Simples: { client: { Clients: { tns: {} } } }
    })
  )
  assert.deepEqual([...(spec.services ?? [])].sort(), ['auth', 'tns'])
  assert.deepEqual(spec.simples, ['client'])
  assert.deepEqual(spec.binds, { tns: { copies: 3, http: 4040 }, auth: { p2p: 4050 } })
  const empty = toUniverseSpec(fromTauConfig({ Services: null, Simples: null }))
  assert.deepEqual([empty.services, empty.simples], [[], []])
  assert.throws(
    () =>
      toUniverseSpec(
        fromTauConfig({ Services: { a: {}, tns: { Others: { http: 4040 } }, auth: { Others: { http: 4040 } } } })
      ),
    /unknown service "a"/
  )
  assert.throws(
    () =>
      toUniverseSpec(
        fromTauConfig({ Services: { tns: { Others: { http: 4040 } }, auth: { Others: { http: 4040 } } } })
      ),
    /port 4040 is bound twice/
  )
})

test("Taubyte's service config: copies, ports, and what this dream decides itself", () => {
  assert.deepEqual(tauServiceNodes('hoarder', { Others: { copies: 2, dns: 5353 } }), {
    copies: 2,
    binds: { dns: 5353 }
  })
  assert.deepEqual(tauServiceNodes('hoarder', { Others: { main: 4100, verbose: 1 } }), { binds: { p2p: 4100 } })
  assert.deepEqual(tauServiceNodes('hoarder', {}), { binds: {} })
  assert.throws(() => tauServiceNodes('tns', { Others: { secure: 1 } }), /plain HTTP/)
  // ipfs (a port this dream's nodes do not have) and secure 0 are accepted and bind nothing.
  assert.deepEqual(tauServiceNodes('tns', { Others: { ipfs: 4001, secure: 0, http: 4040 } }), { binds: { http: 4040 } })
  assert.throws(() => tauServiceNodes('tns', { Others: { mock: 1 } }), /Others\.mock is not supported/)
  assert.throws(() => tauServiceNodes('tns', { Cluster: 'other' }), /one cluster/)
  assert.throws(() => tauServiceNodes('tns', { Hosts: { 'a.com': 'x' } }), /Hosts/)
  assert.throws(() => tauServiceNodes('tns', { Disabled: true }), /nothing to start/)
  assert.throws(() => tauServiceNodes('tns', { Others: { copies: 99 } }), /copies/)
})
