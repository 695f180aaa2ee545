/**
 * A custom domain belongs to the first project that published it: a second project declaring the same host gets
 * a failed config job naming the owner, and the first project's routes keep answering.
 */
import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import type { Universe } from '../../src/index.js'
import { jobLog, runPush } from '../helpers/pipeline.js'
import { startUniverse } from '../helpers/universe.js'
import { consoleFor, hostRequest, httpPort, pushAllAndWait } from '../helpers/serving.js'

const SHARED = 'shared.dream-test.example'
let u: Universe

before(async () => {
  u = await startUniverse({ webhooks: false })
})
after(async () => {
  await u?.stop()
})

test('a second project declaring a served domain fails naming its owner; the owner keeps serving', {
  timeout: 600_000
}, async () => {
  const { console: c } = await consoleFor(u)
  const owner = await c.newProject('owner')
  await c.newDomain('shared', { project: 'owner', fqdn: SHARED })
  await c.newFunction('ping_pong', {
    project: 'owner',
    template: 'ping_pong',
    language: 'assemblyscript',
    domain: 'shared'
  })
  await pushAllAndWait(u, 'push-all', { project: 'owner' })
  assert.equal((await hostRequest(httpPort(u), SHARED, '/ping')).body, 'PONG')

  await c.newProject('taker')
  await c.newDomain('shared', { project: 'taker', fqdn: SHARED })
  await c.newFunction('other', {
    project: 'taker',
    template: 'ping_pong',
    language: 'assemblyscript',
    domain: 'shared'
  })
  const [job] = await runPush(u, 'push-config', { project: 'taker' })
  assert.ok(job !== undefined)
  assert.equal(job.Status, 'failed')
  assert.match(await jobLog(u, job), new RegExp(`shared.dream-test.example.*${owner.id}`))
  const res = await hostRequest(httpPort(u), SHARED, '/ping')
  assert.equal(res.status, 200)
  assert.equal(res.body, 'PONG')
})
