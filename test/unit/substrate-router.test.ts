/**
 * Host + path + method → function (src/services/substrate/router.ts) over what a config build really publishes:
 * the ping_pong project in test/data/config/pingpong is compiled and its publish plan pushed into an in-memory TNS
 * that stores and reads with TNS's own leaf functions (src/services/tns/tree.ts). No node, no network.
 */
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { compileProject, publishPlan, readTree } from '../../src/compiler/index.js'
import type { TnsClient } from '../../src/services/tns/client.js'
import { assemble, flatten, segments, under } from '../../src/services/tns/tree.js'
import { FunctionRouter } from '../../src/services/substrate/router.js'
import { assetKey } from '../../src/shared/ids.js'
import { dataDir, NET, P } from '../compiler/helpers.js'

const F = 'QmYfMsCz3MXGm1a1F3WHeDGMpcHhQTGa1D6HtfY4LWg7UJ'
const HOST = 'abcd12340.blackhole.localtau'
const C1 = '1111111111111111111111111111111111111111'
const C2 = '2222222222222222222222222222222222222222'

/** TNS's push (upsert of leaves) and fetch (reassembly) over a Map; counts fetches and can be made to fail. */
class MemoryTns {
  readonly leaves = new Map<string, unknown>()
  fetches = 0
  failing = false

  push(path: string[], data: unknown): void {
    for (const [k, v] of flatten(path, data)) this.leaves.set(k, v)
  }

  async fetch<T = unknown>(path: string[]): Promise<T | null> {
    this.fetches++
    if (this.failing) throw new Error('tns unreachable')
    const prefix = segments(path).join('/')
    return assemble(
      path,
      [...this.leaves].filter(([k]) => under(k, prefix))
    ) as T | null
  }
}

async function published(branch: string, commit: string, tns = new MemoryTns()): Promise<MemoryTns> {
  const files = await readTree(dataDir('pingpong'))
  const compiled = compileProject({ files, branch, projectId: P, networkFqdn: NET })
  for (const push of publishPlan(compiled, branch, commit)) tns.push(push.path, push.data)
  return tns
}

const routerOn = (tns: MemoryTns, branch = 'main'): FunctionRouter =>
  new FunctionRouter(tns as unknown as TnsClient, () => branch)

test('the generated host, the path and the method (any case) find ping_pong at the current commit', async () => {
  const router = routerOn(await published('main', C1))
  const m = await router.match(HOST, '/ping', 'get')
  assert.ok(m !== undefined)
  assert.equal(m.fn.id, F)
  assert.equal(m.fn.name, 'ping_pong')
  assert.equal(m.fn.project, P)
  assert.equal(m.fn.branch, 'main')
  assert.equal(m.fn.commit, C1)
  assert.equal(m.fn.call, 'ping')
  assert.deepEqual(m.fn.paths, ['/ping'])
  assert.equal(m.cid, null, 'no build published yet')
  assert.equal(m.build, null)
})

test('another path, method, host or branch matches nothing', async () => {
  const tns = await published('main', C1)
  const router = routerOn(tns)
  assert.equal(await router.match(HOST, '/pong', 'GET'), undefined)
  assert.equal(await router.match(HOST, '/ping/', 'GET'), undefined)
  assert.equal(await router.match(HOST, '/ping', 'POST'), undefined)
  assert.equal(await router.match('other.blackhole.localtau', '/ping', 'GET'), undefined)
  assert.equal(await routerOn(tns, 'dev').match(HOST, '/ping', 'GET'), undefined)
})

test('the artifact and the build that made it come from assets/<key> and builds/<cid>', async () => {
  const tns = await published('main', C1)
  tns.push(['assets', assetKey(P, F, 'main')], 'bafyartifact')
  tns.push(['builds', 'bafyartifact'], { job: 'job-1', commit: 'codecommit' })
  const m = await routerOn(tns).match(HOST, '/ping', 'GET')
  assert.equal(m?.cid, 'bafyartifact')
  assert.deepEqual(m?.build, { job: 'job-1', commit: 'codecommit' })
})

test('a host is looked up once until invalidate(); then a new commit is seen', async () => {
  const tns = await published('main', C1)
  const router = routerOn(tns)
  assert.equal((await router.match(HOST, '/ping', 'GET'))?.fn.commit, C1)
  const fetches = tns.fetches
  await published('main', C2, tns)
  assert.equal((await router.match(HOST, '/ping', 'GET'))?.fn.commit, C1, 'served from the cache')
  assert.equal(tns.fetches, fetches, 'no TNS read for a cached host')
  router.invalidate()
  assert.equal((await router.match(HOST, '/ping', 'GET'))?.fn.commit, C2)
})

test('a failed lookup is not cached: the next request asks TNS again', async () => {
  const tns = await published('main', C1)
  const router = routerOn(tns)
  tns.failing = true
  await assert.rejects(router.match(HOST, '/ping', 'GET'), /tns unreachable/)
  tns.failing = false
  assert.equal((await router.match(HOST, '/ping', 'GET'))?.fn.id, F)
})

test("a config in tau's layout: methods as written match any case, applications' functions are found", async () => {
  const files = await readTree(dataDir('tau_layout'))
  const project = 'QmdVL4LAPuatwoQhbigXzfQ2SpD4Nug6KCf4TCmQP4Qgh3'
  const compiled = compileProject({ files, branch: 'main', projectId: project, networkFqdn: NET })
  const tns = new MemoryTns()
  for (const push of publishPlan(compiled, 'main', C1)) tns.push(push.path, push.data)
  const router = routerOn(tns)
  // `method: post` in the blog application's YAML, on the project's domain.
  const m = await router.match('www.storefront.example', '/events', 'POST')
  assert.equal(m?.fn.name, 'events')
  assert.equal(m?.fn.call, 'events')
  assert.deepEqual(await router.routesOf('www.storefront.example'), ['GET /ping', 'POST /events'])
})

test('a function without a method listed on a host (tau indexes every function with domains) is skipped', async () => {
  const files = new Map(await readTree(dataDir('pingpong')))
  files.set(
    'functions/listener.yaml',
    'id: QmXuTz6e3W7Y9EJ2hYH4Jk1JAXT7pKnai5NqUWFPVF5Cmx\ntrigger: {type: pubsub, channel: news}\n' +
      'domains: [GeneratedDomain]\nsource: .\nexecution: {timeout: 1s, memory: 1MB, call: listen}\n'
  )
  const compiled = compileProject({ files, branch: 'main', projectId: P, networkFqdn: NET })
  assert.equal((compiled.indexes[`http/functions/localtau/blackhole/abcd12340/links`] as string[]).length, 2)
  const tns = new MemoryTns()
  for (const push of publishPlan(compiled, 'main', C1)) tns.push(push.path, push.data)
  const router = routerOn(tns)
  assert.deepEqual(await router.routesOf(HOST), ['GET /ping'])
  assert.equal((await router.match(HOST, '/ping', 'GET'))?.fn.id, F)
})
