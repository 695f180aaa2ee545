/**
 * A request's route overtaken by newer publishes (src/services/substrate/serving/requests.ts): it is looked up
 * again while each lookup's TNS version is older than the newest the substrate has seen, and past three lookups
 * the answer is 502 TNS_MOVING, never the older route (docs/ARCHITECTURE.md, "Going live"). The router, module
 * cache and worker pool are fakes at the edge: the router says which version is current, the pool answers.
 */
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { FunctionLogs } from '../../src/services/substrate/serving/function-logs.js'
import { HotRoutes } from '../../src/services/substrate/serving/hot-routes.js'
import { FunctionRequests } from '../../src/services/substrate/serving/requests.js'
import type { Match } from '../../src/services/substrate/serving/router.js'
import { silent } from '../../src/shared/log.js'
import { InlineRunner, type InvokeResult } from '../../src/vm/index.js'

const HOST = 'abcd1234.blackhole.localtau'
const FN: Match['fn'] = {
  id: 'QmFunction',
  name: 'ping',
  project: 'QmProject',
  application: '',
  branch: 'main',
  commit: 'c'.repeat(40),
  method: 'GET',
  paths: ['/ping'],
  timeout: 1e9,
  memory: 16 * 1024 * 1024,
  call: 'ping',
  source: '.'
}

/**
 * A substrate's request serving where lookup n reads TNS version n, and a version is current from
 * `currentFrom` on (each module load before it, a newer publish lands); answers each request sent.
 */
async function serving(currentFrom: number): Promise<{
  get: () => Promise<{ status: number; text: string }>
  lookups: () => number
  calls: () => number
  close: () => Promise<void>
}> {
  let lookups = 0
  let calls = 0
  const answer: InvokeResult = { status: 200, headers: [], body: Buffer.from('pong'), logs: [], durationMs: 0 }
  const requests = new FunctionRequests({
    tns: { fetch: async () => null },
    router: {
      match: async () => ({ fn: FN, cid: 'QmBuild', build: null, version: String(++lookups) }),
      routesOf: async () => [],
      isCurrent: version => Number(version) >= currentFrom
    },
    modules: { get: async () => ({ worker: {}, inline: undefined }) },
    inline: new InlineRunner(),
    runtime: {
      invoke: async () => {
        calls++
        return answer
      }
    },
    prepare: { served: () => {} },
    websites: { serve: async () => false },
    hot: new HotRoutes(16),
    logs: new FunctionLogs(silent, 16),
    log: silent,
    nodeHead: ['x-dream-node', 'QmNode'],
    host: () => async () => ({ ok: true }),
    responseLimit: 1024 * 1024
  })
  const server = createServer((req, res) => {
    requests.serve(req, res, undefined)
  })
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    get: async () => {
      const r = await fetch(`http://127.0.0.1:${port}/ping`, { headers: { host: HOST } })
      return { status: r.status, text: await r.text() }
    },
    lookups: () => lookups,
    calls: () => calls,
    close: async () => {
      await new Promise<void>(resolve => server.close(() => resolve()))
    }
  }
}

test('a route overtaken in every lookup is answered 502 TNS_MOVING, never from the older tree', async () => {
  const s = await serving(Number.POSITIVE_INFINITY)
  try {
    const r = await s.get()
    assert.equal(r.status, 502)
    assert.match(r.text, /newer publishes overtook its route during each of 3 lookups; try again/)
    assert.equal(s.lookups(), 3)
    assert.equal(s.calls(), 0, 'the function did not run from an outdated route')
  } finally {
    await s.close()
  }
})

test('a route overtaken once is looked up again and served at the newest version', async () => {
  const s = await serving(2)
  try {
    const r = await s.get()
    assert.equal(r.status, 200)
    assert.equal(r.text, 'pong')
    assert.equal(s.lookups(), 2)
    assert.equal(s.calls(), 1)
  } finally {
    await s.close()
  }
})
