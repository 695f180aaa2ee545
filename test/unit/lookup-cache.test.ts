/** One lookup serves every caller asking meanwhile; a failed one is asked again; past its bound it starts over. */
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { LookupCache } from '../../src/shared/lookup-cache.js'

test('callers share a lookup, a failure is forgotten, and the cache starts over past its bound', async () => {
  const cache = new LookupCache<string>(2)
  let made = 0
  const make = (v: string) => async () => {
    made++
    return v
  }
  const [a, b] = await Promise.all([cache.get('k', make('one')), cache.get('k', make('two'))])
  assert.deepEqual([a, b, made], ['one', 'one', 1])
  await assert.rejects(cache.get('bad', () => Promise.reject(new Error('no'))))
  assert.equal(await cache.get('bad', make('again')), 'again', 'the failed lookup was not kept')
  assert.equal(made, 2)
  await cache.get('third', make('x'))
  assert.equal(await cache.get('k', make('fresh')), 'fresh', 'past two keys the cache started over')
})
