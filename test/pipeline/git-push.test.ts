/**
 * As with GitHub: `git clone <printed url>`, edit, and `git push` starts the builds by itself. A universe
 * with webhooks on (the default); the git CLI, with its own HOME, against the URLs `dream new project` prints.
 */
import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { assetKey } from '../../src/shared/ids.js'
import { wasm } from '../../src/vm/webassembly.js'
import type { Universe } from '../../src/universe/universe.js'
import { isolatedGit, ok, tempDir } from '../helpers/githost.js'
import {
  SUCCESS,
  allJobs,
  finalJobs,
  functionId,
  hoarderOf,
  jobForCommit,
  jobLog,
  pingPongProject,
  quiet,
  tnsOf,
  type PingPong
} from '../helpers/pipeline.js'
import { startUniverse } from '../helpers/universe.js'

/** The project object as TNS returns it, read field by field by the assertions below. */
interface ProjectObject {
  id?: string
  name?: string
  functions?: Record<string, { paths?: string[] } & Record<string, unknown>>
  domains?: Record<string, unknown>
}

let u: Universe
let pp: PingPong
let tmp: Awaited<ReturnType<typeof tempDir>>
let git: ReturnType<typeof isolatedGit>

before(async () => {
  tmp = await tempDir('dream-gitpush-')
  git = isolatedGit(join(tmp.path, 'home'))
  u = await startUniverse()
  pp = await pingPongProject(u, 'pushed', { private: true })
  // The console's own pushes were delivered as webhooks and built; let them settle.
  const settled = await quiet(u)
  assert.ok(settled.length >= 2, 'the console pushes started builds by themselves')
})
after(async () => {
  await u?.stop()
  await tmp?.cleanup()
})

test("the console's pushes started builds through the webhooks; the builds of both heads succeeded", async () => {
  const jobs = await allJobs(u, pp.project.id)
  for (const r of [pp.project.config, pp.project.code]) {
    const [owner = '', name = ''] = r.fullname.split('/')
    const repo = await u.git.getRepo(owner, name)
    assert.ok(repo !== undefined)
    const head = String((await u.git.headPayload(repo)).after)
    // One job per push of the repo (init, then the function); the code repo's first build may fail when it already
    // sees the function in the config head but not yet its folder: what matters is the build of each head.
    assert.ok(jobs.filter(j => String(j.Meta.Repository.id) === r.id).length >= 2, `${r.fullname}: a job per push`)
    const job = jobs.find(j => j.Meta.after === head)
    assert.ok(job !== undefined, `${r.fullname}: a job for the head ${head}`)
    assert.equal(job.Status, SUCCESS, await jobLog(u, job))
  }
})

test('git clone of the printed code URL, commit, git push: a build starts without a fixture and succeeds', async () => {
  const work = join(tmp.path, 'code')
  await ok(git(['clone', pp.project.code.url, work]))
  const src = join(work, 'functions', 'ping_pong', 'ping_pong.ts')
  const text = await readFile(src, 'utf8')
  assert.ok(text.includes('"PONG"'))
  await writeFile(src, text.replace('"PONG"', '"PONG from git"'))
  await ok(git(['commit', '-am', 'louder pong'], work))
  await ok(git(['push', 'origin', 'main'], work))
  const sha = (await ok(git(['rev-parse', 'HEAD'], work))).trim()

  const queued = await jobForCommit(u, sha)
  assert.equal(String(queued.Meta.Repository.id), pp.project.code.id)
  assert.equal(queued.ProjectId, pp.project.id)
  const [job] = await finalJobs(u, [queued.Id])
  assert.ok(job !== undefined)
  assert.equal(job.Status, SUCCESS, await jobLog(u, job))
  const log = await jobLog(u, job)
  assert.match(log, new RegExp(`at main ${sha.slice(0, 7)}`))

  // The new artifact is what TNS now points at, and it contains the new string.
  const F = await functionId(u, pp.project.id, 'ping_pong')
  const cid = job.AssetCid[F]
  assert.ok(cid !== undefined)
  assert.equal(await tnsOf(u).fetch(['assets', assetKey(pp.project.id, F, 'main')]), cid)
  const bytes = await hoarderOf(u).get(cid)
  assert.ok(wasm.validate(bytes))
  assert.ok(
    Buffer.from(bytes).includes(Buffer.from('PONG from git', 'utf16le')) ||
      Buffer.from(bytes).includes(Buffer.from('PONG from git')),
    'the module carries the pushed string'
  )
})

test('a config change pushed with git builds the config repo', async () => {
  const work = join(tmp.path, 'config')
  await ok(git(['clone', pp.project.config.url, work]))
  const file = join(work, 'functions', 'ping_pong.yaml')
  await writeFile(file, (await readFile(file, 'utf8')).replace('/ping', '/ping2'))
  await ok(git(['commit', '-am', 'new path'], work))
  await ok(git(['push'], work))
  const sha = (await ok(git(['rev-parse', 'HEAD'], work))).trim()
  const [job] = await finalJobs(u, [(await jobForCommit(u, sha)).Id])
  assert.ok(job !== undefined)
  assert.equal(job.Status, SUCCESS, await jobLog(u, job))
  const object = await tnsOf(u).fetch<ProjectObject>(['branches', 'main', 'commit', sha, 'projects', pp.project.id])
  const F = await functionId(u, pp.project.id, 'ping_pong')
  assert.deepEqual(object?.functions?.[F]?.paths, ['/ping2'])
  assert.equal(await tnsOf(u).fetch(['projects', pp.project.id, 'branches', 'main', 'current']), sha)
  await quiet(u)
})

test('anonymous clone of a private project is refused; push needs credentials', async () => {
  const anon = new URL(pp.project.code.url)
  anon.username = ''
  anon.password = ''
  const refused = await git(['clone', anon.href, join(tmp.path, 'anon')])
  assert.notEqual(refused.code, 0, 'anonymous clone of a private repo')

  const work = join(tmp.path, 'code2')
  await ok(git(['clone', pp.project.code.url, work]))
  await writeFile(join(work, 'NOTES.md'), 'not allowed\n')
  await ok(git(['add', 'NOTES.md'], work))
  await ok(git(['commit', '-m', 'anonymous push'], work))
  const sha = (await ok(git(['rev-parse', 'HEAD'], work))).trim()
  const jobsBefore = (await allJobs(u)).length
  const push = await git(['push', anon.href, 'main'], work)
  assert.notEqual(push.code, 0, 'anonymous push')
  const bad = new URL(pp.project.code.url)
  bad.password = 'wrong-token'
  assert.notEqual((await git(['push', bad.href, 'main'], work)).code, 0, 'push with a wrong token')
  // Nothing reached the repository, so no webhook and no job.
  await u.git.idle()
  const remote = await ok(git(['ls-remote', pp.project.code.url, 'refs/heads/main'], work))
  assert.ok(!remote.startsWith(sha))
  assert.equal((await allJobs(u)).length, jobsBefore)
})
