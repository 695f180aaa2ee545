/**
 * The substrate compiles published builds before their first request: a new host's modules after its first push,
 * and a served host's new modules after a change (substrate stats: modules prepared, and the requests that follow
 * load none).
 */
import { test } from 'node:test'
import assert from 'node:assert/strict'
import type { Universe } from '../../src/index.js'
import { runPush, SUCCESS } from '../helpers/pipeline.js'
import { addManyFunctions, answerOf, changeAnswers } from '../helpers/many-functions.js'
import { consoleFor, httpPort, pushAllAndWait, substrateStats, waitForBody } from '../helpers/serving.js'
import { startUniverse, waitFor } from '../helpers/universe.js'

/** Waits until `n` more modules were prepared than `since` counted; each was loaded once, ahead of any request. */
async function preparedAhead(u: Universe, since: { prepared: number; loads: number }, n: number): Promise<number> {
  const ready = await waitFor(`${n} new modules prepared`, async () => {
    const now = await substrateStats(u)
    return now.prepared >= since.prepared + n ? now : undefined
  })
  assert.equal(ready.loads, since.loads + n, 'each new module was loaded once, ahead of any request')
  return ready.loads
}

test('published modules are compiled before their first request', { timeout: 300_000 }, async () => {
  const u = await startUniverse({ webhooks: false })
  try {
    const { console: c, session: s } = await consoleFor(u)
    const project = await c.newProject('ahead')
    const many = await addManyFunctions(c, s, project, 2, 'assemblyscript')
    const port = httpPort(u)
    const start = await substrateStats(u)
    await pushAllAndWait(u)
    let loads = await preparedAhead(u, start, 2)
    await waitForBody(port, many.fqdn, '/f0', answerOf('f0', 1))
    await waitForBody(port, many.fqdn, '/f1', answerOf('f1', 1))
    assert.equal((await substrateStats(u)).loads, loads, 'the first requests found their modules compiled')

    const before = await substrateStats(u)
    await changeAnswers(s, project, { f0: answerOf('f0', 2), f1: answerOf('f1', 2) })
    const [job] = await runPush(u, 'push-code')
    assert.equal(job?.Status, SUCCESS)
    loads = await preparedAhead(u, before, 2)
    await waitForBody(port, many.fqdn, '/f0', answerOf('f0', 2))
    await waitForBody(port, many.fqdn, '/f1', answerOf('f1', 2))
    assert.equal((await substrateStats(u)).loads, loads, 'the requests after the change found their modules compiled')
  } finally {
    await u.stop()
  }
})
