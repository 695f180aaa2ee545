import assert from 'node:assert/strict'
import { test } from 'node:test'
import { clearUsed } from '../../src/vm/clear-used.js'
import { EventSlot } from '../../src/vm/event-slot.js'

test('an event slot answers only the id of the event under way', () => {
  const slot = new EventSlot<string>()
  assert.equal(slot.get(0), undefined, 'nothing under way yet')
  slot.open(7, 'seven')
  assert.equal(slot.get(7), 'seven')
  assert.equal(slot.get(6), undefined, 'an earlier id')
  slot.close()
  assert.equal(slot.get(7), undefined, 'a finished event')
  slot.open(8, 'eight')
  assert.equal(slot.get(7), undefined)
  assert.equal(slot.get(8), 'eight')
})

test('clearUsed empties a used map and leaves an empty one as it is', () => {
  const m = new Map([[1, 'a']])
  clearUsed(m)
  assert.equal(m.size, 0)
  clearUsed(m)
  assert.equal(m.size, 0)
})
