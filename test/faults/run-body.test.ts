/**
 * A console Run answers a bounded body: the first `runBodyBytes` of what the substrate answered, with the whole
 * body's size. (It made one string of the whole body: 520 MiB was longer than V8 allows, the exception was
 * uncaught and the daemon exited.) The bound is set small so that the substrate's own 404 text is over it.
 */
import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import type { Daemon } from '../../src/index.js'
import { rawRequest } from '../helpers/http.js'
import { startTestDaemon } from '../helpers/universe.js'

describe('console Run keeps only the first bytes of a body', { timeout: 120_000 }, () => {
  let d: Daemon
  before(async () => {
    d = await startTestDaemon({
      runBodyBytes: 16,
      universes: [{ name: 'runbody', spec: { services: ['tns', 'substrate'], webhooks: false } }]
    })
  })
  after(async () => {
    await d?.stop()
  })

  test('a body over the bound: its first bytes, its real size, truncated', async () => {
    const r = await rawRequest(
      d.apiPort,
      'POST',
      '/call/runbody',
      { 'content-type': 'application/json', origin: `http://127.0.0.1:${d.apiPort}` },
      JSON.stringify({ method: 'GET', host: 'nothing.example.com', path: '/here' })
    )
    assert.equal(r.status, 200, r.body)
    const call = JSON.parse(r.body) as { status: number; body: string; size: number; truncated: boolean }
    assert.equal(call.status, 404)
    assert.equal(Buffer.byteLength(call.body), 16)
    assert.ok(call.size > 16, `size ${call.size}`)
    assert.equal(call.truncated, true)
    assert.ok('no function serves GET http://nothing.example.com/here'.startsWith(call.body), call.body)
  })
})
