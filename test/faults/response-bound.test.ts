/**
 * A function's response body is bounded: past the substrate's bound (set small here, 64 KiB, through the
 * substrate's options; 64 MiB by default) the write ends the call, the answer is a 500 naming the bound, and the
 * function's log says so. Without a bound a function with a 10 MB memory cap wrote 2,000 MB, all of it held by
 * the daemon. Real nodes: the function is built by the pipeline and served by a substrate.
 */
import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import type { FunctionView } from '../../src/console/console.js'
import type { Universe } from '../../src/index.js'
import { substrate } from '../../src/services/substrate/index.js'
import {
  addCustomFunction,
  consoleFor,
  functionLogs,
  hostRequest,
  httpPort,
  pushAllAndWait
} from '../helpers/serving.js'
import { startUniverse } from '../helpers/universe.js'

const BOUND = 64 * 1024

describe('a response body past the bound ends the call with an error', { timeout: 600_000 }, () => {
  let u: Universe
  let flood: FunctionView
  let port: number
  before(async () => {
    u = await startUniverse({ webhooks: false, factories: { substrate: substrate({ maxResponseBytes: BOUND }) } })
    const { console: c, session } = await consoleFor(u)
    const project = await c.newProject('bounded')
    flood = await addCustomFunction(c, session, project, { name: 'flood', data: 'serving' })
    await pushAllAndWait(u)
    port = httpPort(u)
  })
  after(async () => {
    await u?.stop()
  })

  test('a body within the bound is answered whole', async () => {
    const r = await hostRequest(port, flood.fqdn, '/flood?kib=64')
    assert.equal(r.status, 200, r.body.slice(0, 200))
    assert.equal(r.body.length, BOUND)
  })

  test('one byte past it: a 500 naming the bound, and a line in the function log', async () => {
    const r = await hostRequest(port, flood.fqdn, '/flood?kib=4096')
    assert.equal(r.status, 500, r.body.slice(0, 200))
    assert.ok(r.body.includes(String(BOUND)), r.body)
    const logs = await functionLogs(u, 'flood')
    assert.ok(
      logs.some(l => l.line.includes(String(BOUND))),
      JSON.stringify(logs.slice(-5))
    )
  })
})
