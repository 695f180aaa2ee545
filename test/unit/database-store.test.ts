/**
 * The hoarder's database store on its own: values and sizes across a reopen of its log, a write cut short by a
 * crash is dropped (it was never acknowledged), and instances of other scopes do not see each other's keys.
 */
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { appendFile, mkdtemp, readdir, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { DatabaseStore } from '../../src/services/hoarder/database-store.js'
import type { DatabaseRef } from '../../src/shared/database-ref.js'

const db = (o: Partial<DatabaseRef> = {}): DatabaseRef => ({
  project: 'P',
  application: '',
  match: 'store',
  name: 'store',
  size: 10,
  ...o
})
const text = (b: Uint8Array): string => new TextDecoder().decode(b)
const bytes = (s: string): Uint8Array => new TextEncoder().encode(s)

test('a reopened store has the values, the size used and none of a write cut short', async () => {
  const root = await mkdtemp(join(tmpdir(), 'dream-dbstore-'))
  try {
    let store = new DatabaseStore(root)
    await store.start()
    assert.equal(await store.put(db(), 'a', bytes('12345')), 5)
    assert.equal(await store.put(db(), 'b', bytes('123')), 8)
    assert.equal(await store.put(db(), 'a', bytes('1')), 4, 'a replaced value counts once')
    assert.equal(await store.delete(db(), 'b'), 1)
    await assert.rejects(store.put(db(), 'c', bytes('x'.repeat(10))), { code: 'DATABASE_FULL' })
    await store.stop()
    const [log] = await readdir(join(root, 'databases'))
    await appendFile(join(root, 'databases', log ?? ''), '{"k":"half","v":"QU')

    store = new DatabaseStore(root)
    await store.start()
    assert.equal(text(await store.get(db(), 'a')), '1')
    assert.deepEqual(await store.list(db(), ''), ['a'])
    await assert.rejects(store.get(db(), 'b'), { code: 'DATABASE_KEY_NOT_FOUND' })
    assert.equal(await store.put(db(), 'c', bytes('x'.repeat(9))), 10, 'the limit counts what is stored')
    await assert.rejects(store.get(db({ project: 'Q' }), 'a'), { code: 'DATABASE_KEY_NOT_FOUND' })
    await assert.rejects(store.get(db({ application: 'A' }), 'a'), { code: 'DATABASE_KEY_NOT_FOUND' })
    await store.stop()
  } finally {
    await rm(root, { recursive: true, force: true })
  }
})

test('charges: a put over its quota fails, a replaced entry replaces its charge; a reopen keeps them', async () => {
  const root = await mkdtemp(join(tmpdir(), 'dream-dbstore-'))
  const big = db({ size: 1000 })
  try {
    let store = new DatabaseStore(root)
    await store.start()
    await store.put(big, 'a', bytes('600'), { charge: { bytes: 600, quota: 1000 } })
    await assert.rejects(store.put(big, 'b', bytes('500'), { charge: { bytes: 500, quota: 1000 } }), {
      code: 'STORAGE_FULL'
    })
    await store.put(big, 'a', bytes('900'), { charge: { bytes: 900, quota: 1000 } })
    assert.equal((await store.usage(big)).charged, 900, 'a replaced entry counts once')
    await store.delete(big, 'a')
    await store.put(big, 'b', bytes('400'), { charge: { bytes: 400, quota: 1000 } })
    await store.stop()

    store = new DatabaseStore(root)
    await store.start()
    assert.deepEqual(await store.usage(big), { used: 3, charged: 400 })
    assert.deepEqual(await store.dump(big), [['b', bytes('400'), 400]], 'a copy for another hoarder keeps it')
    await store.stop()
  } finally {
    await rm(root, { recursive: true, force: true })
  }
})
