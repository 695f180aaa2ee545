/**
 * TNS's storage model (src/services/tns/tree.ts): pushes become slash-joined leaves, fetches reassemble them.
 */
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { assemble, flatten, isMap, segments, under, type Leaves } from '../../src/services/tns/tree.js'

test('segments split every part on "/" and drop empty ones', () => {
  assert.deepEqual(segments(['a/b', 'c', '', '/d/']), ['a', 'b', 'c', 'd'])
  assert.deepEqual(segments([]), [])
})

test('isMap is true for plain objects only', () => {
  assert.equal(isMap({}), true)
  assert.equal(isMap({ a: 1 }), true)
  assert.equal(isMap([]), false)
  assert.equal(isMap(null), false)
  assert.equal(isMap('x'), false)
})

test('flatten: maps recurse, keys containing "/" become several segments, anything else is a leaf', () => {
  const leaves = flatten(['projects', 'P'], { name: 'demo', 'a/b': { c: 1 }, tags: ['x', 'y'], nothing: null })
  assert.deepEqual(leaves, [
    ['projects/P/name', 'demo'],
    ['projects/P/a/b/c', 1],
    ['projects/P/tags', ['x', 'y']],
    ['projects/P/nothing', null]
  ])
})

test('flatten: an empty map is stored as a null leaf (nothing to fetch)', () => {
  assert.deepEqual(flatten(['x'], {}), [['x', null]])
  assert.deepEqual(flatten(['x'], { y: {} }), [['x/y', null]])
})

test('flatten at the root takes index keys as full paths', () => {
  assert.deepEqual(flatten([], { 'http/functions/localtau/links': ['f'] }), [['http/functions/localtau/links', ['f']]])
})

test('assemble: no leaf is null, one leaf is its bare value, several are a map relative to the path', () => {
  assert.equal(assemble(['a'], []), null)
  assert.equal(assemble(['a', 'current'], [['a/current/current', 'C1']]), 'C1')
  const leaves: Leaves = [
    ['p/name', 'demo'],
    ['p/f/x/call', 'ping'],
    ['p/f/x/memory', 10]
  ]
  assert.deepEqual(assemble(['p'], leaves), { name: 'demo', f: { x: { call: 'ping', memory: 10 } } })
})

test('assemble skips null and undefined leaves', () => {
  assert.equal(
    assemble(
      ['p'],
      [
        ['p/a', null],
        ['p/b', 2]
      ]
    ),
    2
  )
  assert.equal(
    assemble(
      ['p'],
      [
        ['p/a', null],
        ['p/b', undefined]
      ]
    ),
    null
  )
})

test('flatten then assemble gives back what was pushed', () => {
  const data = { name: 'demo', functions: { F: { method: 'GET', paths: ['/ping'], timeout: 1 } } }
  assert.deepEqual(assemble(['b', 'P'], flatten(['b', 'P'], data)), data)
})

test('under: a key is under itself and under its folders, not under a sibling with the same prefix', () => {
  assert.equal(under('a/b', 'a/b'), true)
  assert.equal(under('a/b/c', 'a/b'), true)
  assert.equal(under('a/bc', 'a/b'), false)
  assert.equal(under('anything', ''), true)
})
