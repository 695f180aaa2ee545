/**
 * Settings (src/shared/settings.ts): what an init leaves out keeps its default, and a value that is not a
 * positive number is refused, naming the setting, before any part runs with it.
 */
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { withDefaults } from '../../src/shared/settings.js'
import { createUniverse } from '../../src/index.js'

test('an init overrides the fields it sets; the others, and those given as undefined, keep their defaults', () => {
  const defaults = { pollMs: 2_000, concurrency: 2 }
  assert.deepEqual(withDefaults(defaults, { pollMs: 50 }), { pollMs: 50, concurrency: 2 })
  assert.deepEqual(withDefaults(defaults, { pollMs: undefined }), defaults)
  assert.deepEqual(withDefaults(defaults), defaults)
  assert.deepEqual(defaults, { pollMs: 2_000, concurrency: 2 }, 'the defaults are not changed')
})

test('zero, negative, NaN, infinite and non-number settings are refused with the name of the setting', () => {
  for (const bad of [0, -1, Number.NaN, Number.POSITIVE_INFINITY, '5' as unknown as number]) {
    assert.throws(
      () => withDefaults({ pollMs: 2_000 }, { pollMs: bad }),
      (e: { code?: string; message?: string }) => {
        return e.code === 'INVALID_INPUT' && /setting pollMs/.test(e.message ?? '')
      }
    )
  }
})

test("a universe's service settings are checked when it is created, before anything starts", () => {
  assert.throws(() => createUniverse({ name: 'bad-settings', settings: { monkey: { pollMs: 0 } } }), {
    code: 'INVALID_INPUT'
  })
})
