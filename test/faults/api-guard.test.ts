/**
 * The control API serves this machine's tools only: foreign Host names (DNS rebinding) and pages of other origins
 * are refused, preflights included; no secret goes to a cross-origin caller; state changes must be JSON. Real
 * requests over TCP to a daemon on a kernel-chosen port.
 */
import { test, describe, before, after } from 'node:test'
import assert from 'node:assert/strict'
import type { Daemon } from '../../src/index.js'
import { rawRequest as raw } from '../helpers/http.js'
import { startTestDaemon } from '../helpers/universe.js'

describe("control API: only this machine's tools", { timeout: 120_000 }, () => {
  const allowed = 'http://localhost:3000'
  let d: Daemon
  let self: string
  before(async () => {
    d = await startTestDaemon({
      universes: [{ name: 'guarded', spec: { services: ['auth'], simples: ['elder', 'client'] } }],
      allowOrigins: [allowed]
    })
    self = `http://127.0.0.1:${d.apiPort}`
  })
  after(async () => {
    await d?.stop()
  })

  test('a foreign Host is refused; loopback names are served', async () => {
    const evil = await raw(d.apiPort, 'GET', '/status', { host: `evil.example:${d.apiPort}` })
    assert.equal(evil.status, 403)
    assert.equal(JSON.parse(evil.body).code, 'FOREIGN_REQUEST')
    for (const host of [`127.0.0.1:${d.apiPort}`, `localhost:${d.apiPort}`, `[::1]:${d.apiPort}`]) {
      assert.equal((await raw(d.apiPort, 'GET', '/ping', { host })).status, 200, host)
    }
  })

  test('another origin is refused, preflight and request alike, and gets no CORS header', async () => {
    const origin = 'http://evil.example'
    const pre = await raw(d.apiPort, 'OPTIONS', '/universe/x', { origin, 'access-control-request-method': 'POST' })
    assert.equal(pre.status, 403)
    assert.equal(pre.headers['access-control-allow-origin'], undefined)
    const get = await raw(d.apiPort, 'GET', '/status', { origin })
    assert.equal(get.status, 403)
    assert.equal(get.headers['access-control-allow-origin'], undefined)
    // A page's <img>/<script> GET carries no Origin, but the browser says it is cross-site.
    assert.equal((await raw(d.apiPort, 'GET', '/status', { 'sec-fetch-site': 'cross-site' })).status, 403)
  })

  test('a text/plain POST (no preflight in a browser) or DELETE with a text body runs nothing', async () => {
    const r = await raw(d.apiPort, 'POST', '/universe/textplain', { 'content-type': 'text/plain' }, '{}')
    assert.equal(r.status, 415)
    assert.equal(JSON.parse(r.body).code, 'CONTENT_TYPE')
    const textDelete = await raw(d.apiPort, 'DELETE', '/universe/guarded', { 'content-type': 'text/plain' }, '{}')
    assert.equal(textDelete.status, 415)
    assert.deepEqual(d.multiverse.names(), ['guarded'])
  })

  test('an allowed origin gets CORS headers but never the git token', async () => {
    const pre = await raw(d.apiPort, 'OPTIONS', '/status', { origin: allowed, 'access-control-request-method': 'GET' })
    assert.ok(pre.status === 204 || pre.status === 200, String(pre.status))
    assert.equal(pre.headers['access-control-allow-origin'], allowed)
    const status = await raw(d.apiPort, 'GET', '/status', { origin: allowed })
    assert.equal(status.status, 200)
    assert.equal(status.headers['access-control-allow-origin'], allowed)
    const token = (await d.multiverse.get('guarded').git.createUser('dreamer')).token
    const secret = await raw(d.apiPort, 'GET', '/console/guarded', { origin: allowed })
    assert.equal(secret.status, 403)
    assert.ok(!secret.body.includes(token), 'the token went to another origin')
  })

  test("the API's own pages (same origin) and tools without Origin get the session", async () => {
    const token = (await d.multiverse.get('guarded').git.createUser('dreamer')).token
    const same = await raw(d.apiPort, 'GET', '/console/guarded', { origin: self, 'sec-fetch-site': 'same-origin' })
    assert.equal(same.status, 200)
    assert.equal(JSON.parse(same.body).token, token)
    assert.equal((await raw(d.apiPort, 'GET', '/console/guarded')).status, 200)
  })

  test('--allow-origin values must be origins', async () => {
    await assert.rejects(
      startTestDaemon({ allowOrigins: ['localhost:3000'] }),
      (e: { code?: string }) => e.code === 'ALLOW_ORIGIN'
    )
  })
})
