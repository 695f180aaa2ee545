/**
 * State on disk is private: after a universe ran a project through its pipeline (git host repos and db, auth's
 * hook secrets and deploy keys, patrick's jobs, hoarder's blobs, tns), every directory under its root is 0700 and
 * every file 0600 or stricter, whatever the umask; a kept universe's ~/.cache/dream is owner-only as well.
 */
import { test, describe, after } from 'node:test'
import assert from 'node:assert/strict'
import { mkdtemp, readdir, rm, stat } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import type { Universe } from '../../src/index.js'
import { pingPongProject, quiet } from '../helpers/pipeline.js'
import { startUniverse } from '../helpers/universe.js'

/** Paths under `root` (root included) that a group or other user could read, write or enter. */
async function openToOthers(root: string): Promise<string[]> {
  const open: string[] = []
  const walk = async (p: string): Promise<void> => {
    const s = await stat(p)
    if ((s.mode & 0o077) !== 0) open.push(`${p} ${(s.mode & 0o777).toString(8)}`)
    if (s.isDirectory()) for (const e of await readdir(p)) await walk(join(p, e))
  }
  await walk(root)
  return open
}

describe('private state on disk', { timeout: 240_000 }, () => {
  const home = mkdtemp(join(tmpdir(), 'dream-home-'))
  const started: Universe[] = []
  // A permissive umask, as on many desktops: the modes must not depend on it.
  const umask = process.umask(0o022)
  after(async () => {
    for (const u of started) await u.stop()
    process.umask(umask)
    await rm(await home, { recursive: true, force: true })
  })

  test('a temporary universe that built a project keeps everything owner-only', async () => {
    const u = await startUniverse()
    started.push(u)
    await pingPongProject(u, 'secret', { private: true })
    const jobs = await quiet(u)
    assert.ok(jobs.length >= 2, `jobs: ${jobs.length}`)
    assert.deepEqual(await openToOthers(u.root), [])
  })

  test('a kept universe in ~/.cache/dream keeps everything owner-only', async () => {
    const saved = process.env.HOME
    process.env.HOME = await home
    try {
      const u = await startUniverse({ keep: true })
      started.push(u)
      await pingPongProject(u, 'kept')
      await quiet(u)
      assert.equal(dirname(u.root), join(await home, '.cache', 'dream'))
      assert.deepEqual(await openToOthers(dirname(u.root)), [])
    } finally {
      process.env.HOME = saved
    }
  })
})
