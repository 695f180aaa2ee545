/**
 * substrate's disk copies of module bytes: a CID is fetched once, then read from its file (also by a new store on
 * the same folder, as after a restart); a damaged copy is fetched again; the copies are bounded by size, least
 * recently used out first; the files are private to their owner.
 */
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { randomBytes } from 'node:crypto'
import { mkdtemp, readdir, rm, stat, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { ModuleBytes } from '../../src/services/substrate/serving/module-bytes.js'
import { cidOf } from '../../src/shared/cid.js'

/** Blobs by their real CID, and a store over them in a new folder counting the fetches of each. */
async function setup(sizes: number[], maxBytes?: number) {
  const blobs = new Map<string, Uint8Array>()
  for (const n of sizes) {
    const b = new Uint8Array(randomBytes(n))
    blobs.set(await cidOf(b), b)
  }
  const root = await mkdtemp(join(tmpdir(), 'dream-module-bytes-'))
  const dir = join(root, 'modules')
  const fetched = new Map<string, number>()
  const fetch = async (cid: string): Promise<Uint8Array> => {
    fetched.set(cid, (fetched.get(cid) ?? 0) + 1)
    const b = blobs.get(cid)
    if (b === undefined) throw new Error(`no blob ${cid}`)
    return b
  }
  const store = (): ModuleBytes => new ModuleBytes({ dir, fetch, ...(maxBytes !== undefined ? { maxBytes } : {}) })
  return { cids: [...blobs.keys()], blobs, dir, fetched, store, cleanup: () => rm(root, { recursive: true }) }
}

test('a module is fetched once, then read from disk, also by a new store on the same folder', async () => {
  const s = await setup([5000])
  try {
    const [cid = ''] = s.cids
    const a = s.store()
    assert.deepEqual(await a.get(cid), s.blobs.get(cid))
    assert.deepEqual(await a.get(cid), s.blobs.get(cid))
    assert.equal(s.fetched.get(cid), 1)
    assert.ok(await a.has(cid))
    const b = s.store()
    assert.deepEqual(await b.get(cid), s.blobs.get(cid))
    assert.equal(s.fetched.get(cid), 1, 'a new store reads the copy left by the last one')
    assert.equal((await stat(s.dir)).mode & 0o777, 0o700)
    assert.equal((await stat(join(s.dir, `${cid}.wasm`))).mode & 0o777, 0o600)
  } finally {
    await s.cleanup()
  }
})

test('requests for one module at once fetch it once', async () => {
  const s = await setup([5000])
  try {
    const [cid = ''] = s.cids
    const store = s.store()
    const got = await Promise.all([store.get(cid), store.get(cid), store.get(cid)])
    for (const g of got) assert.deepEqual(g, s.blobs.get(cid))
    assert.equal(s.fetched.get(cid), 1)
  } finally {
    await s.cleanup()
  }
})

test('a damaged copy is not served: the module is fetched again', async () => {
  const s = await setup([5000])
  try {
    const [cid = ''] = s.cids
    const store = s.store()
    await store.get(cid)
    await writeFile(join(s.dir, `${cid}.wasm`), 'not the module')
    assert.deepEqual(await store.get(cid), s.blobs.get(cid))
    assert.equal(s.fetched.get(cid), 2)
    assert.deepEqual(await s.store().get(cid), s.blobs.get(cid), 'the copy was written again')
    assert.equal(s.fetched.get(cid), 2)
  } finally {
    await s.cleanup()
  }
})

test('the copies stay within their bound, the least recently used removed first', async () => {
  // Room for two of the three.
  const s = await setup([4000, 4000, 4000], 9000)
  try {
    const [a = '', b = '', c = ''] = s.cids
    const store = s.store()
    await store.get(a)
    await store.get(b)
    await store.get(a) // b is now the least recently used
    await store.get(c)
    const files = (await readdir(s.dir)).sort()
    assert.deepEqual(files, [`${a}.wasm`, `${c}.wasm`].sort())
    assert.equal(await store.has(b), false)
    await store.get(b)
    assert.equal(s.fetched.get(b), 2, 'a removed copy is fetched again')
    assert.equal(s.fetched.get(a), 1)
  } finally {
    await s.cleanup()
  }
})
