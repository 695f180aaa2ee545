/**
 * tns answers push/batch/fetch/lookup/list with the semantics of src/services/tns/tree.ts on every node (a push
 * to one is fetched from another, a batch is one version change; a node injected later copies the tree); hoarder
 * stores blobs by CIDv1, refuses bytes that do not match the claimed CID, and replicates each stash to a second
 * hoarder.
 *
 * One universe with two tns and two hoarder nodes (and the client simple the calls go through).
 */
import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { randomBytes } from 'node:crypto'
import { cidOf } from '../../src/shared/cid.js'
import { versionOrder } from '../../src/services/tns/protocol.js'
import type { Universe } from '../../src/universe/universe.js'
import { entryOf, hoarderOf, tnsOf } from '../helpers/pipeline.js'
import { startUniverse, withUniverse } from '../helpers/universe.js'

let u: Universe

before(async () => {
  u = await startUniverse({
    services: ['tns', 'hoarder'],
    simples: ['elder', 'client'],
    binds: { tns: { copies: 2 }, hoarder: { copies: 2 } }
  })
})
after(async () => {
  await u?.stop()
})

const peers = (role: string): string[] => u.directory.byRole(role).map(e => e.peerId)
const push = async (peer: string, path: string[], data: unknown): Promise<void> => {
  await tnsOf(u).push(path, data, entryOf(u, peer))
}
const fetchAt = async (peer: string, path: string[]): Promise<unknown> => await tnsOf(u).fetch(path, entryOf(u, peer))
const lookupAt = async (peer: string, prefix: string[]): Promise<string[]> =>
  await tnsOf(u).lookup(prefix, entryOf(u, peer))

test('tns: a push to one node is fetched from the other', async () => {
  const [t1, t2] = peers('tns') as [string, string]
  await push(t1, ['projects', 'P1', 'branches', 'main', 'current'], { current: 'c1' })
  assert.equal(await fetchAt(t2, ['projects', 'P1', 'branches', 'main', 'current']), 'c1')
  await push(t2, ['assets', 'k1'], 'bafy-one')
  assert.equal(await fetchAt(t1, ['assets', 'k1']), 'bafy-one')
})

test('tns: one leaf comes back bare, several as a nested map, none as null; lists are leaves', async () => {
  const [t1, t2] = peers('tns') as [string, string]
  await push(t1, ['t', 'obj'], { name: 'x', nested: { a: 1, b: true }, paths: ['/a', '/b'] })
  assert.equal(await fetchAt(t2, ['t', 'obj', 'name']), 'x')
  assert.equal(await fetchAt(t2, ['t', 'obj', 'nested', 'a']), 1)
  assert.deepEqual(await fetchAt(t2, ['t', 'obj', 'paths']), ['/a', '/b'])
  assert.deepEqual(await fetchAt(t2, ['t', 'obj']), { name: 'x', nested: { a: 1, b: true }, paths: ['/a', '/b'] })
  assert.deepEqual(await fetchAt(t2, ['t', 'obj', 'nested']), { a: 1, b: true })
  assert.equal(await fetchAt(t2, ['t', 'missing']), null)
  // A key holding "/" becomes several segments (the index push does this).
  await push(t1, [], { 'idx/one/links': ['v1'], 'idx/two/links': null })
  assert.deepEqual(await fetchAt(t2, ['idx', 'one', 'links']), ['v1'])
  // A null leaf is skipped by fetch but listed by lookup (the domain placeholder).
  assert.equal(await fetchAt(t2, ['idx', 'two', 'links']), null)
  assert.deepEqual(await lookupAt(t2, ['idx']), ['/idx/one/links', '/idx/two/links'])
  const list = await tnsOf(u).list(1, entryOf(u, t2))
  assert.ok(list.some(k => k.length === 1 && k[0] === 'idx'))
})

test('tns: pushes upsert leaves and never delete', async () => {
  const [t1, t2] = peers('tns') as [string, string]
  await push(t1, ['keep'], { a: 1, b: 2 })
  await push(t2, ['keep'], { b: 3, c: 4 })
  assert.deepEqual(await fetchAt(t1, ['keep']), { a: 1, b: 3, c: 4 })
  assert.deepEqual(await fetchAt(t2, ['keep']), { a: 1, b: 3, c: 4 })
  // Even an empty map pushed over a subtree keeps what was there.
  await push(t1, ['keep'], {})
  assert.deepEqual(await fetchAt(t2, ['keep']), { a: 1, b: 3, c: 4 })
})

test('tns: a held watch answers with a new version when a push reaches it, even through another tns', async () => {
  const [t1, t2] = peers('tns') as [string, string]
  const tns = tnsOf(u)
  const first = await tns.watch(entryOf(u, t2), undefined)
  // Asked with the version it has, t2 holds the watch until its tree changes: a push to t1 fans out to t2.
  const held = tns.watch(entryOf(u, t2), first)
  await push(t1, ['watched'], 1)
  const next = await held
  assert.notEqual(next, first)
  // A version t2 has already moved past is answered at once.
  assert.equal(await tns.watch(entryOf(u, t2), first), next)
})

test('tns: a watch with no change answers with the same version once its hold time (a setting) ends', async () => {
  // A universe of its own: in the shared one a short hold would race the pushes the other watch tests wait for.
  const settings = { tns: { watchHoldMs: 300 } }
  await withUniverse({ services: ['tns'], simples: ['elder', 'client'], settings }, async quiet => {
    const tns = tnsOf(quiet)
    const [node] = quiet.directory.byRole('tns')
    assert.ok(node !== undefined)
    const version = await tns.watch(node, undefined)
    const started = Date.now()
    assert.equal(await tns.watch(node, version), version)
    const held = Date.now() - started
    assert.ok(held >= 250, `held ${held} ms, about the 300 ms set`)
    assert.ok(held < 5_000, `held ${held} ms, not the default 10 s`)
  })
})

test('tns: a batch is one change of the tree on every node, read whole with its version', async () => {
  const [t1, t2] = peers('tns') as [string, string]
  const tns = tnsOf(u)
  const before1 = await tns.watch(entryOf(u, t1), undefined)
  const before2 = await tns.watch(entryOf(u, t2), undefined)
  // A watch held on the other node answers once, with the version after the whole batch.
  const held = tns.watch(entryOf(u, t2), before2)
  const version = await tns.batch(
    [
      { path: ['batch', 'builds', 'bafy-a'], data: { job: 'j1', commit: 'c2' } },
      { path: ['batch', 'assets', 'a'], data: 'bafy-a' },
      { path: ['batch', 'assets', 'b'], data: 'bafy-b' },
      { path: ['batch', 'assets', 'a'], data: 'bafy-a2' }
    ],
    entryOf(u, t1)
  )
  assert.equal(versionOrder(version, before1), 1, 'four writes, one version change on the node that took them')
  const after2 = await held
  assert.equal(versionOrder(after2, before2), 1, 'and one on the node it was copied to')
  const read = await tns.read(['batch', 'assets'], entryOf(u, t2))
  assert.deepEqual(read, { object: { a: 'bafy-a2', b: 'bafy-b' }, version: after2 })
  // Three pushes are three changes.
  for (const k of ['x', 'y', 'z']) await push(t1, ['batch', 'pushed', k], k)
  assert.equal(versionOrder((await tns.read(['batch'], entryOf(u, t1))).version, version), 3)
})

test('tns: a batch with a bad write is refused whole, and an empty one too', async () => {
  const [t1] = peers('tns') as [string]
  const tns = tnsOf(u)
  const before = (await tns.read(['refused'], entryOf(u, t1))).version
  await assert.rejects(
    tns.batch([
      { path: ['refused', 'one'], data: 1 },
      { path: 'refused/two' as unknown as string[], data: 2 }
    ]),
    (e: { code?: string; message?: string }) => e.code === 'TNS_BAD_PATH' && /batch write 1/.test(e.message ?? '')
  )
  await assert.rejects(tns.batch([]), (e: { code?: string }) => e.code === 'TNS_BAD_BATCH')
  assert.deepEqual(await tns.read(['refused'], entryOf(u, t1)), { object: null, version: before })
})

test('tns: a node injected later copies the tree, then follows new pushes', async () => {
  const [t1] = peers('tns') as [string]
  const [t3] = await u.addService('tns')
  assert.ok(t3 !== undefined)
  assert.equal(await fetchAt(t3.peerId, ['projects', 'P1', 'branches', 'main', 'current']), 'c1')
  assert.deepEqual(await fetchAt(t3.peerId, ['keep']), { a: 1, b: 3, c: 4 })
  assert.deepEqual(await lookupAt(t3.peerId, ['idx']), ['/idx/one/links', '/idx/two/links'])
  await push(t1, ['after', 'join'], 'yes')
  assert.equal(await fetchAt(t3.peerId, ['after', 'join']), 'yes')
  await push(t3.peerId, ['from', 'new'], 42)
  assert.equal(await fetchAt(t1, ['from', 'new']), 42)
})

test('hoarder: a stash whose bytes do not match the CID is refused (HOARDER_CID_MISMATCH)', async () => {
  const [h1, h2] = peers('hoarder') as [string, string]
  const listed = async (peer: string): Promise<string[]> => await hoarderOf(u).list(entryOf(u, peer))
  const before1 = await listed(h1)
  const before2 = await listed(h2)
  const claimed = await cidOf(randomBytes(64))
  const other = randomBytes(64)
  await assert.rejects(
    hoarderOf(u).stashOn(entryOf(u, h1), { cid: claimed, data: other.toString('base64') }),
    (e: { code?: string }) => e.code === 'HOARDER_CID_MISMATCH'
  )
  await assert.rejects(
    hoarderOf(u).stashOn(entryOf(u, h1), { cid: 'not-a-cid', data: other.toString('base64') }),
    (e: { code?: string }) => e.code === 'HOARDER_BAD_CID'
  )
  assert.deepEqual(await listed(h1), before1)
  assert.deepEqual(await listed(h2), before2)
  for (const cid of [claimed, await cidOf(other)]) {
    await assert.rejects(
      hoarderOf(u).getFrom(entryOf(u, h1), cid),
      (e: { code?: string }) => e.code === 'HOARDER_NOT_FOUND'
    )
    await assert.rejects(hoarderOf(u).get(cid), (e: { code?: string }) => e.code === 'BLOB_NOT_FOUND')
  }
})

test('hoarder: with two hoarders a stash is on both, under its CIDv1 (raw, sha2-256)', async () => {
  const bytes = randomBytes(4096)
  const stashed = await hoarderOf(u).stash(bytes)
  assert.equal(stashed.cid, await cidOf(bytes))
  assert.match(stashed.cid, /^bafkrei[a-z2-7]+$/)
  assert.deepEqual(new Set(stashed.replicas), new Set(peers('hoarder')))
  for (const h of peers('hoarder')) {
    const got = await hoarderOf(u).getFrom(entryOf(u, h), stashed.cid)
    assert.deepEqual(Buffer.from(got.data, 'base64'), bytes, `hoarder ${h} holds the blob`)
  }
  assert.deepEqual(Buffer.from(await hoarderOf(u).get(stashed.cid)), bytes)
  // Stashing the same bytes again is idempotent.
  assert.equal((await hoarderOf(u).stash(bytes)).cid, stashed.cid)
})
