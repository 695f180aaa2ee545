/**
 * `dream logs` shows the log of a job whose log no hoarder could keep: the monkey sends it to patrick as text.
 */
import { test } from 'node:test'
import assert from 'node:assert/strict'
import type { Daemon } from '../../src/index.js'
import { allJobs, consoleOf } from '../helpers/pipeline.js'
import { startTestDaemon, waitFor } from '../helpers/universe.js'

test('the log of a job run without a hoarder is served by GET /logs', { timeout: 120_000 }, async () => {
  let daemon: Daemon | undefined
  try {
    daemon = await startTestDaemon()
    const u = await daemon.multiverse.create('nohoarder', { services: ['auth', 'patrick', 'monkey', 'tns'] })
    await (await consoleOf(u)).newProject('unlogged')
    await u.git.idle()
    const jobs = await waitFor(
      'both jobs finished',
      async () => {
        const all = await allJobs(u)
        return all.length >= 2 && all.every(j => j.Finished !== undefined) ? all : undefined
      },
      { timeoutMs: 90_000 }
    )
    for (const job of jobs) {
      assert.deepEqual(job.Logs, {}, 'no hoarder: no log CID')
      const res = await fetch(`http://127.0.0.1:${daemon.apiPort}/logs/nohoarder/${job.Id}`)
      const text = await res.text()
      assert.equal(res.status, 200, text)
      assert.match(text, new RegExp(`job ${job.Id}`))
    }
  } finally {
    await daemon?.stop()
  }
})
