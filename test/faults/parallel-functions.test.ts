/**
 * Parallel `dream new function` calls on one project all succeed: each is a clone, commit and push of the same
 * repositories, and one that finds the branch moved redoes its edit on a fresh clone instead of failing with a
 * raw PushRejectedError.
 */
import { test, describe, before, after } from 'node:test'
import assert from 'node:assert/strict'
import type { Universe } from '../../src/universe/universe.js'
import { consoleOf } from '../helpers/pipeline.js'
import { startUniverse } from '../helpers/universe.js'

const N = 6

describe('parallel edits of one project', { timeout: 120_000 }, () => {
  let u: Universe
  before(async () => {
    u = await startUniverse({ services: ['auth', 'tns'], webhooks: false })
  })
  after(async () => {
    await u?.stop()
  })

  test(`${N} functions added at once all land`, async () => {
    await (await consoleOf(u)).newProject('busy')
    const names = Array.from({ length: N }, (_, i) => `f${i}`)
    // One console per call, as separate `dream new function` processes would have.
    const results = await Promise.allSettled(
      names.map(
        async n =>
          await (await consoleOf(u)).newFunction(n, {
            project: 'busy',
            template: 'ping_pong',
            language: 'assemblyscript'
          })
      )
    )
    const failed = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected').map(r => String(r.reason))
    assert.deepEqual(failed, [])
    // Each is in both repositories now: adding it again is a conflict.
    const c = await consoleOf(u)
    for (const n of names) {
      await assert.rejects(
        c.newFunction(n, { project: 'busy', template: 'ping_pong', language: 'assemblyscript' }),
        (e: { code?: string }) => e.code === 'FUNCTION_EXISTS',
        n
      )
    }
  })
})
