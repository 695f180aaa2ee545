/**
 * Host + path + method → function (src/services/substrate/serving/router.ts) over what a config build really publishes:
 * the ping_pong project in test/data/config/pingpong is compiled and its publish plan pushed into an in-memory TNS
 * that stores and reads with TNS's own leaf functions (src/services/tns/tree.ts) and versions its tree as TNS
 * does (one change per push or batch). No node, no network.
 */
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { compileProject, publishPlan, readTree } from '../../src/compiler/index.js'
import type { TnsWrite } from '../../src/services/tns/protocol.js'
import { assemble, flatten, segments, under } from '../../src/services/tns/tree.js'
import { FunctionRouter, type TnsReader } from '../../src/services/substrate/serving/router.js'
import { assetKey } from '../../src/shared/ids.js'
import { dataDir, NET, P } from '../compiler/helpers.js'

const F = 'QmYfMsCz3MXGm1a1F3WHeDGMpcHhQTGa1D6HtfY4LWg7UJ'
const HOST = 'abcd12340.blackhole.localtau'
const C1 = '1111111111111111111111111111111111111111'
const C2 = '2222222222222222222222222222222222222222'

/**
 * TNS's push (upsert of leaves), batch (many upserts, one change) and fetch (reassembly, with the version read)
 * over a Map; counts reads, can be made to fail, and can run `beforeRead` ahead of a given read (a publish that
 * lands in the middle of a lookup).
 */
class MemoryTns implements TnsReader {
  readonly leaves = new Map<string, unknown>()
  fetches = 0
  failing = false
  changes = 0
  beforeRead: { at: number; run: () => void } | undefined

  push(path: string[], data: unknown): void {
    this.batch([{ path, data }])
  }

  batch(writes: TnsWrite[]): void {
    for (const w of writes) for (const [k, v] of flatten(w.path, w.data)) this.leaves.set(k, v)
    this.changes++
  }

  get version(): string {
    return `memory/run:${this.changes}`
  }

  peers(): [] {
    return []
  }

  async read<T = unknown>(path: string[]): Promise<{ object: T | null; version: string }> {
    this.fetches++
    if (this.beforeRead?.at === this.fetches) this.beforeRead.run()
    if (this.failing) throw new Error('tns unreachable')
    const prefix = segments(path).join('/')
    const object = assemble(
      path,
      [...this.leaves].filter(([k]) => under(k, prefix))
    ) as T | null
    return { object, version: this.version }
  }
}

async function published(branch: string, commit: string, tns = new MemoryTns()): Promise<MemoryTns> {
  const files = await readTree(dataDir('pingpong'))
  const compiled = compileProject({ files, branch, projectId: P, networkFqdn: NET })
  tns.batch(publishPlan(compiled, branch, commit))
  return tns
}

const routerOn = (tns: MemoryTns, branch = 'main', onDrop?: () => void): FunctionRouter =>
  new FunctionRouter(tns, () => branch, onDrop)

/** A code job's publish: the build record and the asset pointer of ping_pong, in one batch. */
const publishBuild = (tns: MemoryTns, cid: string, commit: string): void => {
  tns.batch([
    { path: ['builds', cid], data: { job: `job-${commit}`, commit } },
    { path: ['assets', assetKey(P, F, 'main')], data: cid }
  ])
}

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

test('a host is looked up once until a newer version is observed; then a new commit is seen', async () => {
  const tns = await published('main', C1)
  let drops = 0
  const router = routerOn(tns, 'main', () => drops++)
  const first = await router.match(HOST, '/ping', 'GET')
  assert.equal(first?.fn.commit, C1)
  assert.equal(first?.version, tns.version)
  assert.ok(router.isCurrent(tns.version))
  const fetches = tns.fetches
  await published('main', C2, tns)
  assert.equal((await router.match(HOST, '/ping', 'GET'))?.fn.commit, C1, 'served from the cache')
  assert.equal(tns.fetches, fetches, 'no TNS read for a cached host')
  const dropsBefore = drops
  router.observe(first?.version ?? '')
  assert.equal(drops, dropsBefore, 'the version already seen drops nothing')
  router.observe(tns.version)
  assert.equal(drops, dropsBefore + 1, 'a newer version drops the hosts, and tells the substrate')
  assert.equal(router.isCurrent(first?.version ?? ''), false)
  assert.equal((await router.match(HOST, '/ping', 'GET'))?.fn.commit, C2)
  router.invalidate()
  assert.equal((await router.match(HOST, '/ping', 'GET'))?.fn.commit, C2)
})

test('a publish that lands in the middle of a lookup: it is read again, whole, at the new version', async () => {
  const tns = await published('main', C1)
  publishBuild(tns, 'bafyold', 'old')
  const router = routerOn(tns)
  // The lookup reads links, current, the function, its asset, then the build record: the new build lands after
  // the asset was read (old) and before its record is read, so the first attempt spans two versions.
  const start = tns.fetches
  tns.beforeRead = { at: start + 5, run: () => publishBuild(tns, 'bafynew', 'new') }
  const m = await router.match(HOST, '/ping', 'GET')
  assert.equal(m?.cid, 'bafynew')
  assert.deepEqual(m?.build, { job: 'job-new', commit: 'new' })
  assert.equal(m?.version, tns.version)
  assert.equal(tns.fetches - start, 10, 'two full lookups of five reads each')
})

test('a version newer than a cached host, seen by a lookup of another host, drops the cached one', async () => {
  const tns = await published('main', C1)
  publishBuild(tns, 'bafyold', 'old')
  let drops = 0
  const router = routerOn(tns, 'main', () => drops++)
  assert.equal((await router.match(HOST, '/ping', 'GET'))?.cid, 'bafyold')
  publishBuild(tns, 'bafynew', 'new')
  const dropsBefore = drops
  // A host nothing serves is still a read of the tree, at the new version.
  assert.equal(await router.match('other.blackhole.localtau', '/ping', 'GET'), undefined)
  assert.equal(drops, dropsBefore + 1)
  assert.equal((await router.match(HOST, '/ping', 'GET'))?.cid, 'bafynew')
})

test('a tree that moves during every lookup fails the lookup (TNS_MOVING) instead of mixing versions', async () => {
  const tns = await published('main', C1)
  const router = routerOn(tns)
  const keepMoving = (): void => {
    tns.beforeRead = { at: tns.fetches + 2, run: keepMoving }
    tns.push(['elsewhere'], tns.changes)
  }
  tns.beforeRead = { at: tns.fetches + 2, run: keepMoving }
  await assert.rejects(router.match(HOST, '/ping', 'GET'), (e: { code?: string }) => e.code === 'TNS_MOVING')
  tns.beforeRead = undefined
  assert.equal((await router.match(HOST, '/ping', 'GET'))?.fn.commit, C1, 'the failure was not cached')
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
