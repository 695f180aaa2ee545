/**
 * The wait queue of the wasm workers (fair-queue.ts) serves projects in turn, then functions in turn within a
 * project: a project with many functions flooded with calls cannot delay another project's call behind them.
 */
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { FairQueue } from '../../src/vm/fair-queue.js'

/** Project A: 8 functions with 8 calls each, queued first; then one call of project B. */
function flooded(): FairQueue<string> {
  const q = new FairQueue<string>()
  for (let call = 0; call < 8; call++) for (let fn = 0; fn < 8; fn++) q.push('A', `a${fn}`, `A/a${fn}#${call}`)
  q.push('B', 'b0', 'B/b0#0')
  return q
}

/** Takes every call `may` lets through, in turn, and says the order. */
function serve(q: FairQueue<string>, may: (project: string, key: string) => boolean = () => true): string[] {
  const order: string[] = []
  for (let next = q.peek(may); next !== undefined; next = q.peek(may)) {
    assert.equal(q.take(next.project, next.key), next.item)
    order.push(next.item)
  }
  return order
}

test("another project's one call is taken second, behind 64 calls of 8 functions of a project", () => {
  const q = flooded()
  assert.equal(q.size, 65)
  const order = serve(q)
  assert.equal(order.indexOf('B/b0#0'), 1, order.slice(0, 3).join(' '))
  assert.equal(order.length, 65)
  assert.equal(q.size, 0)
})

test("within a project, functions are served in turn, each function's calls in order", () => {
  const order = serve(flooded()).filter(item => item.startsWith('A/'))
  assert.deepEqual(order.slice(0, 9), [
    'A/a0#0',
    'A/a1#0',
    'A/a2#0',
    'A/a3#0',
    'A/a4#0',
    'A/a5#0',
    'A/a6#0',
    'A/a7#0',
    'A/a0#1'
  ])
  for (let fn = 0; fn < 8; fn++) {
    const calls = order.filter(item => item.startsWith(`A/a${fn}#`))
    assert.deepEqual(
      calls,
      Array.from({ length: 8 }, (_, call) => `A/a${fn}#${call}`)
    )
  }
})

test('a project or function that may not take a worker is passed over, not waited for', () => {
  const q = flooded()
  const order = serve(q, project => project === 'B')
  assert.deepEqual(order, ['B/b0#0'])
  assert.equal(q.size, 64, "A's calls still wait")
  const some = serve(q, (_, key) => key === 'a3')
  assert.equal(some.length, 8)
  assert.ok(some.every(item => item.startsWith('A/a3#')))
})

test('a call sent again goes first in its line; a call given up leaves the queue; drain empties it', () => {
  const q = flooded()
  q.unshift('A', 'a5', 'A/a5#again')
  assert.equal(q.size, 66)
  assert.equal(q.remove('B', 'b0', 'B/b0#0'), true)
  assert.equal(q.remove('B', 'b0', 'B/b0#0'), false, 'already gone')
  assert.deepEqual([...q.projects()], ['A'], 'a project without waiting calls leaves the turn')
  const order = serve(q, (_, key) => key === 'a5')
  assert.equal(order[0], 'A/a5#again')
  assert.equal(q.drain().length, 56)
  assert.equal(q.size, 0)
  assert.equal(
    q.peek(() => true),
    undefined
  )
})
