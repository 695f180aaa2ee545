/**
 * The bound on builds at once (src/builder/build-slots.ts): never more than `size` run, waiters start in order as
 * slots free up, and a waiter whose signal aborts leaves the queue without ever running.
 */
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { BuildSlots } from '../../src/builder/build-slots.js'

/** A task that runs until `finish()` is called; `started` resolves when it began. */
function held(): { fn: () => Promise<string>; started: Promise<void>; finish: () => void } {
  let begin = (): void => {}
  let end = (): void => {}
  const started = new Promise<void>(r => {
    begin = r
  })
  const done = new Promise<void>(r => {
    end = r
  })
  return {
    fn: async () => {
      begin()
      await done
      return 'ok'
    },
    started,
    finish: () => {
      end()
    }
  }
}

test('at most `size` run at once; the next waiter starts when one ends, in the order they came', async () => {
  const slots = new BuildSlots(2)
  const tasks = [held(), held(), held(), held()]
  let running = 0
  let most = 0
  const order: number[] = []
  const runs = tasks.map(async (t, i) =>
    slots.run(async () => {
      running++
      most = Math.max(most, running)
      order.push(i)
      try {
        return await t.fn()
      } finally {
        running--
      }
    })
  )
  await Promise.all([tasks[0]?.started, tasks[1]?.started])
  assert.deepEqual(order, [0, 1], 'the third and fourth wait')
  tasks[1]?.finish()
  await tasks[2]?.started
  assert.deepEqual(order, [0, 1, 2])
  for (const t of tasks) t.finish()
  assert.deepEqual(await Promise.all(runs), ['ok', 'ok', 'ok', 'ok'])
  assert.equal(most, 2)
})

test('an aborted waiter leaves the queue and never runs; an aborted signal is refused at once', async () => {
  const slots = new BuildSlots(1)
  const first = held()
  const running = slots.run(first.fn)
  await first.started
  const abort = new AbortController()
  let ran = false
  const waiting = slots.run(async () => {
    ran = true
  }, abort.signal)
  abort.abort()
  await assert.rejects(waiting, { code: 'BUILD_ABORTED' })
  await assert.rejects(
    slots.run(async () => {}, abort.signal),
    { code: 'BUILD_ABORTED' }
  )
  const next = held()
  const after = slots.run(next.fn)
  first.finish()
  await next.started
  next.finish()
  assert.equal(await running, 'ok')
  assert.equal(await after, 'ok')
  assert.equal(ran, false)
})
