/**
 * The coherence rule of a substrate's database replica (src/services/substrate/host/database-replica.ts), on its own:
 * a write is read back at once, the owner's changes apply beneath the writes it has not acknowledged, an
 * acknowledgement makes the write the entry (an older change arriving before it never shows), a refused write
 * leaves the view, and the size limit counts the entries and the pending writes together.
 */
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { DatabaseReplica } from '../../src/services/substrate/host/database-replica.js'

const bytes = (s: string): Uint8Array => new TextEncoder().encode(s)
const text = (b: Uint8Array | undefined): string | undefined =>
  b === undefined ? undefined : new TextDecoder().decode(b)
const replica = (size = 100): DatabaseReplica =>
  new DatabaseReplica({ project: 'P', application: '', match: 'store', name: 'store', size })

test('a write is read back at once, and an older change from the owner does not hide it', () => {
  const r = replica()
  r.load([['k', bytes('owner')]])
  r.write(1, 'k', bytes('mine'))
  assert.equal(text(r.get('k')), 'mine')
  r.changed('k', bytes('older, from another substrate'))
  assert.equal(text(r.get('k')), 'mine', 'a change applied before the write stays under it')
  assert.equal(r.acked(1)?.k, 'k')
  assert.equal(text(r.get('k')), 'mine')
  r.changed('k', bytes('newer'))
  assert.equal(text(r.get('k')), 'newer', 'a change applied after the write shows')
  assert.equal(r.pendingCount, 0)
})

test('two pending writes to one key: the later shows until both are acknowledged', () => {
  const r = replica()
  r.write(1, 'k', bytes('a'))
  r.write(2, 'k', undefined)
  assert.equal(r.get('k'), undefined)
  assert.deepEqual(r.list(''), [])
  r.acked(1)
  assert.equal(r.get('k'), undefined, 'the delete is still pending above the acknowledged put')
  r.acked(2)
  assert.equal(r.get('k'), undefined)
  assert.equal(r.used, 0)
})

test('a refused write leaves the view and frees its bytes', () => {
  const r = replica(10)
  r.load([['a', bytes('12345')]])
  r.write(1, 'b', bytes('12345'))
  assert.equal(r.used, 10)
  assert.deepEqual(r.list(''), ['a', 'b'])
  r.refused(1)
  assert.equal(r.get('b'), undefined)
  assert.equal(r.used, 5)
  assert.deepEqual(r.list(''), ['a'])
})

test('the size limit counts the entries and the pending writes, and a write over it changes nothing', () => {
  const r = replica(10)
  r.load([['a', bytes('1234')]])
  r.write(1, 'b', bytes('1234'))
  assert.throws(() => r.write(2, 'c', bytes('123')), { code: 'DATABASE_FULL', message: /limited to 10 bytes/ })
  assert.equal(r.get('c'), undefined)
  assert.equal(r.pendingCount, 1)
  r.write(3, 'a', bytes('123456'))
  assert.equal(r.used, 10, 'a replaced value counts once')
  r.changed('z', bytes('from elsewhere'))
  assert.throws(() => r.write(4, 'b', bytes('12345')), { code: 'DATABASE_FULL' }, "another substrate's entry counts")
})

test('a reload from a new owner keeps the pending writes above its entries', () => {
  const r = replica()
  r.load([['a', bytes('old')]])
  r.write(1, 'a', bytes('mine'))
  r.load([
    ['a', bytes('other')],
    ['b', bytes('x')]
  ])
  assert.equal(text(r.get('a')), 'mine')
  assert.equal(text(r.get('b')), 'x')
  assert.equal(r.used, 5)
  assert.equal([...r.pending].length, 1, 'to be sent again to the new owner')
})
