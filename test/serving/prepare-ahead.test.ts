/**
 * A host the substrate has served gets its new builds compiled as soon as they are published: the first request
 * after the push finds its module ready (substrate stats: one more module prepared, and the request loads none).
 */
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { runPush, SUCCESS } from '../helpers/pipeline.js'
import { addManyFunctions, answerOf, changeAnswers } from '../helpers/many-functions.js'
import { consoleFor, httpPort, pushAllAndWait, substrateStats, waitForBody } from '../helpers/serving.js'
import { startUniverse, waitFor } from '../helpers/universe.js'

test('a published module is compiled before its first request', { timeout: 300_000 }, async () => {
  const u = await startUniverse({ webhooks: false })
  try {
    const { console: c, session: s } = await consoleFor(u)
    const project = await c.newProject('ahead')
    const many = await addManyFunctions(c, s, project, 2, 'assemblyscript')
    await pushAllAndWait(u)
    const port = httpPort(u)
    // Both are served once: the host is now one this substrate serves, and no old module is left to load.
    await waitForBody(port, many.fqdn, '/f0', answerOf('f0', 1))
    await waitForBody(port, many.fqdn, '/f1', answerOf('f1', 1))
    const before = await substrateStats(u)

    await changeAnswers(s, project, { f0: answerOf('f0', 2), f1: answerOf('f1', 2) })
    const [job] = await runPush(u, 'push-code')
    assert.equal(job?.Status, SUCCESS)
    const ready = await waitFor('both new modules prepared', async () => {
      const now = await substrateStats(u)
      return now.prepared >= before.prepared + 2 ? now : undefined
    })
    assert.equal(ready.loads, before.loads + 2, 'each new module was loaded once, ahead of any request')

    await waitForBody(port, many.fqdn, '/f0', answerOf('f0', 2))
    await waitForBody(port, many.fqdn, '/f1', answerOf('f1', 2))
    const after = await substrateStats(u)
    assert.equal(after.loads, ready.loads, 'the requests found their modules compiled')
  } finally {
    await u.stop()
  }
})
