/**
 * No push is lost: a commit that reached a kept universe's repository without its webhook (the daemon was killed
 * right after acknowledging the push) gets its job when the universe starts again, and what a cut-off push left
 * in the repository (objects/tmp_objdir-incoming-*) is gone.
 */
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { execFile } from 'node:child_process'
import { existsSync } from 'node:fs'
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { setTimeout as delay } from 'node:timers/promises'
import { createUniverse, type Universe } from '../../src/index.js'
import { callService } from '../../src/services/client.js'
import { consoleFor } from '../helpers/serving.js'

const git = async (cwd: string, ...args: string[]): Promise<string> =>
  (
    await promisify(execFile)('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', ...args], { cwd })
  ).stdout.trim()

interface PushJob {
  Meta: { after: string }
}

async function jobFor(u: Universe, sha: string, boundMs = 60_000): Promise<PushJob | undefined> {
  const node = u.runner('client')?.node
  assert.ok(node !== undefined)
  for (const end = Date.now() + boundMs; Date.now() < end; await delay(100)) {
    const { jobs } = await callService<{ jobs: PushJob[] }>(node, u.directory, 'patrick', 'jobs', {})
    const job = jobs.find(j => j.Meta.after === sha)
    if (job !== undefined) return job
  }
  return undefined
}

test('a kept universe builds on start what was pushed but never announced', { timeout: 240_000 }, async () => {
  const root = await mkdtemp(join(tmpdir(), 'dream-reconcile-'))
  const work = await mkdtemp(join(tmpdir(), 'dream-reconcile-work-'))
  const services = ['auth', 'patrick', 'tns', 'hoarder', 'monkey'] as const
  const opts = { name: 'reconcile', root, keep: true, services }
  let u: Universe | undefined
  try {
    u = createUniverse({ ...opts, services: [...opts.services] })
    await u.start()
    const { console: c } = await consoleFor(u)
    await c.newProject('lost')
    await u.git.idle()
    const heads = await u.git.hookedHeads()
    const code = heads.find(h => h.repo.name.includes('code'))
    assert.ok(code !== undefined, `a code repository among ${heads.map(h => h.repo.name).join(', ')}`)
    assert.ok((await jobFor(u, code.sha)) !== undefined, 'the first push has its job')
    const bare = u.git.repoDir(code.repo)
    await u.stop()

    // The daemon is down: a commit lands in the repository with no webhook, and a push is cut off half-way.
    await git(work, 'clone', '-q', bare, 'repo')
    await writeFile(join(work, 'repo', 'LOST.md'), 'pushed just before the kill\n')
    await git(join(work, 'repo'), 'add', 'LOST.md')
    await git(join(work, 'repo'), 'commit', '-q', '-m', 'lost push')
    await git(join(work, 'repo'), 'push', '-q', 'origin', `HEAD:${code.branch}`)
    const lost = await git(join(work, 'repo'), 'rev-parse', 'HEAD')
    const incoming = join(bare, 'objects', 'tmp_objdir-incoming-cut0ff')
    await mkdir(join(incoming, 'pack'), { recursive: true })
    await writeFile(join(incoming, 'pack', 'tmp_pack_cut0ff'), 'half a pack')

    u = createUniverse({ ...opts, services: [...opts.services] })
    await u.start()
    assert.equal(existsSync(incoming), false, 'the cut-off push left nothing behind')
    await u.git.idle()
    assert.ok((await jobFor(u, lost)) !== undefined, `the lost push ${lost} has a job`)
  } finally {
    await u?.stop()
    await rm(root, { recursive: true, force: true })
    await rm(work, { recursive: true, force: true })
  }
})
