/**
 * No accepted webhook is dropped: 200 valid webhooks at once each become a job (patrick asks auth over p2p for
 * each one, a burst past libp2p's stream limits).
 */
import { test } from 'node:test'
import assert from 'node:assert/strict'
import type { Universe } from '../../src/index.js'
import { allJobs, authHook, authRepo, consoleOf, headPayload, postWebhook, signed } from '../helpers/pipeline.js'
import { startUniverse } from '../helpers/universe.js'

const HOOKS = 200

test(`${HOOKS} concurrent webhooks make ${HOOKS} jobs`, { timeout: 180_000 }, async () => {
  let u: Universe | undefined
  try {
    u = await startUniverse({ services: ['auth', 'patrick', 'tns'], webhooks: false })
    const p = await (await consoleOf(u)).newProject('burst')
    const hook = await authHook(u, (await authRepo(u, p.config.id)).hooks[0] ?? '')
    const bodies = await Promise.all(
      Array.from(
        { length: HOOKS },
        async (_, i) => await headPayload(u as Universe, p.config.fullname, 1_700_000_000 + i)
      )
    )
    const replies = await Promise.all(
      bodies.map(async body => await postWebhook(u as Universe, hook.id, body, signed(body, hook.secret)))
    )
    const refused = replies.filter(r => r.status !== 200)
    assert.equal(refused.length, 0, `first refusal: ${JSON.stringify(refused[0])}`)
    assert.equal((await allJobs(u)).length, HOOKS)
  } finally {
    await u?.stop()
  }
})
