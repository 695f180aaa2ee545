/**
 * A kept universe (`dream new multiverse --keep`) comes back with its state: projects, jobs, TNS, artifacts and
 * the git host's port, so printed clone URLs still work and the function is served without a new build; and the
 * next push of unchanged code reuses the module built before the restart instead of building it again.
 */
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createUniverse, type Universe } from '../../src/index.js'
import { jobLog } from '../helpers/pipeline.js'
import { codeJob, consoleFor, hostRequest, httpPort, pushAllAndWait } from '../helpers/serving.js'

test('a kept universe restarts with its projects, builds, artifacts and git port', { timeout: 180_000 }, async () => {
  const root = await mkdtemp(join(tmpdir(), 'dream-keep-'))
  let u: Universe | undefined
  try {
    u = createUniverse({ name: 'kept', root, keep: true, webhooks: false })
    await u.start()
    const { console: c } = await consoleFor(u)
    await c.newProject('kept')
    const fn = await c.newFunction('ping_pong', { project: 'kept', template: 'ping_pong', language: 'assemblyscript' })
    const built = codeJob(await pushAllAndWait(u))
    const gitPort = u.git.port
    await u.stop()

    u = createUniverse({ name: 'kept', root, keep: true, webhooks: false })
    await u.start()
    assert.equal(u.git.port, gitPort, 'the git host listens where the printed URLs point')
    const again = await consoleFor(u)
    assert.equal((await again.console.project('kept')).name, 'kept')
    const res = await hostRequest(httpPort(u), fn.fqdn, '/ping')
    assert.equal(res.status, 200)
    assert.equal(res.body, 'PONG')

    const pushedAgain = codeJob(await pushAllAndWait(u))
    const cid = Object.values(built.AssetCid)[0] ?? ''
    assert.deepEqual(pushedAgain.AssetCid, built.AssetCid, 'the same module is published again')
    assert.match(await jobLog(u, pushedAgain), new RegExp(`build functions/ping_pong: reused ${cid} `))
  } finally {
    await u?.stop()
    await rm(root, { recursive: true, force: true })
  }
})
