/**
 * Database replicas of two nodes (as two substrates hold them) fed by one real hoarder over the sync stream: a
 * write on one becomes visible on the other; once the owner acknowledged a write to a node, that node never
 * serves an older value; concurrent writes converge to the owner's order; the size limit holds across both
 * (a put over it fails at once where the replica knows, and is refused by the owner where it did not).
 */
import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import type { Universe } from '../../src/index.js'
import { HoarderClient } from '../../src/services/hoarder/client.js'
import { DatabaseReplicas } from '../../src/services/substrate/database-replicas.js'
import type { DatabaseRef } from '../../src/shared/database-ref.js'
import { startUniverse, waitFor } from '../helpers/universe.js'

const bytes = (s: string): Uint8Array => new TextEncoder().encode(s)
const text = (b: Uint8Array | undefined): string | undefined =>
  b === undefined ? undefined : new TextDecoder().decode(b)

let u: Universe
let a: DatabaseReplicas
let b: DatabaseReplicas
let hoarder: HoarderClient
let n = 0
const newDb = (size = 1000): DatabaseRef => {
  n++
  return { project: 'P', application: '', match: `db${n}`, name: `db${n}`, size }
}
const node = (role: string) => {
  const r = u.runner(role)
  assert.ok(r !== undefined, role)
  return r.node
}

before(async () => {
  u = await startUniverse({ services: ['hoarder'], simples: ['client', 'sa', 'sb'] })
  a = new DatabaseReplicas({ node: node('sa'), directory: u.directory, log: u.log })
  b = new DatabaseReplicas({ node: node('sb'), directory: u.directory, log: u.log })
  a.start()
  b.start()
  hoarder = new HoarderClient(u.clientNode(), u.directory)
})

after(async () => {
  await a?.stop()
  await b?.stop()
  await u?.stop()
})

test('a write on one substrate is read back there at once and becomes visible on the other', async () => {
  const db = newDb()
  const rb = await b.replica(db)
  assert.equal(rb.get('k'), undefined)
  await a.write(db, 'k', bytes('from a'))
  assert.equal(text((await a.replica(db)).get('k')), 'from a')
  await waitFor('b to see the write of a', () => text(rb.get('k')) === 'from a')
  await a.write(db, 'k', undefined)
  await waitFor('b to see the delete of a', () => rb.get('k') === undefined)
  await a.flushed()
  await assert.rejects(hoarder.dbGet(db, 'k'), { code: 'DATABASE_KEY_NOT_FOUND' }, 'the owner has it deleted')
})

test('after the owner acknowledged a write, that substrate never serves an older value', async () => {
  const db = newDb()
  const ra = await a.replica(db)
  const rb = await b.replica(db)
  for (let round = 0; round < 20; round++) {
    // b's write reaches the owner first, a's second: a's view must go from its own value to nothing older.
    await b.write(db, 'k', bytes(`b${round}`))
    await b.flushed()
    await a.write(db, 'k', bytes(`a${round}`))
    assert.equal(text(ra.get('k')), `a${round}`)
    await a.flushed()
    assert.equal(text(ra.get('k')), `a${round}`, 'acknowledged: the entry is the write')
    await waitFor('b to see the write of a', () => text(rb.get('k')) === `a${round}`)
    assert.equal(text(ra.get('k')), `a${round}`)
  }
})

test('concurrent writes from both substrates converge to the value the owner applied last', async () => {
  const db = newDb()
  const ra = await a.replica(db)
  const rb = await b.replica(db)
  for (let i = 0; i < 50; i++) {
    await a.write(db, 'k', bytes(`a${i}`))
    await b.write(db, 'k', bytes(`b${i}`))
  }
  await Promise.all([a.flushed(), b.flushed()])
  const owner = text(await hoarder.dbGet(db, 'k'))
  await waitFor(
    'both replicas to hold the owner value',
    () => text(ra.get('k')) === owner && text(rb.get('k')) === owner
  )
})

test('the size limit holds across substrates: at once where known, refused by the owner where not', async () => {
  const db = newDb(10)
  const ra = await a.replica(db)
  const rb = await b.replica(db)
  // Both replicas are empty: each put fits locally, the owner takes one and refuses the other, whose caller hears.
  const both = await Promise.allSettled([a.write(db, 'x', bytes('123456')), b.write(db, 'y', bytes('123456'))])
  assert.deepEqual(both.map(r => r.status).sort(), ['fulfilled', 'rejected'])
  const refused = both.find(r => r.status === 'rejected')
  assert.equal((refused as PromiseRejectedResult).reason.code, 'DATABASE_FULL')
  await waitFor('both views to agree', () => ra.list('').join() === rb.list('').join() && ra.list('').length === 1)
  assert.ok(ra.used <= 10 && rb.used <= 10)
  // Now both know of the 6 bytes held: a put that would overflow fails at once, on either.
  const held = ra.list('')[0] ?? ''
  await assert.rejects(b.write(db, 'z', bytes('12345')), { code: 'DATABASE_FULL', message: /limited to 10 bytes/ })
  await assert.rejects(a.write(db, 'z', bytes('12345')), { code: 'DATABASE_FULL' })
  assert.deepEqual(rb.list(''), [held])
})
