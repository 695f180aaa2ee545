/**
 * `push-all --path <folder>`: the project folder's `config/` and `code/` git repositories are pushed to the
 * project's repositories on the git host, and their heads are built. A missing folder or a folder that is not a
 * git repository is refused before anything is pushed.
 */
import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { mkdir, readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { FIXTURES } from '../../fixtures/index.js'
import { fixtureContextOf } from '../../src/universe/fixture-context.js'
import type { Universe } from '../../src/universe/universe.js'
import { isolatedGit, ok, tempDir } from '../helpers/githost.js'
import { SUCCESS, jobLog, pingPongProject, runPush, type PingPong } from '../helpers/pipeline.js'
import { startUniverse } from '../helpers/universe.js'

let u: Universe
let pp: PingPong
let tmp: Awaited<ReturnType<typeof tempDir>>
let git: ReturnType<typeof isolatedGit>

before(async () => {
  tmp = await tempDir('dream-push-local-')
  git = isolatedGit(join(tmp.path, 'home'))
  // Webhooks on: the git host's push queues the jobs, as a real push would.
  u = await startUniverse()
  pp = await pingPongProject(u, 'local', { private: true })
})
after(async () => {
  await u?.stop()
  await tmp?.cleanup()
})

async function cloneInto(dir: string, fullname: string): Promise<void> {
  const { token } = await u.gitUser()
  const url = `${u.git.url}/${fullname}.git`
  await ok(git(['-c', `http.extraHeader=Authorization: token ${token}`, 'clone', '-q', url, dir]))
}

async function pushAll(params: Record<string, string>): Promise<{ lines: string[]; data?: unknown }> {
  const f = FIXTURES['push-all']
  if (f === undefined) throw new Error('no push-all fixture')
  return await f.run(fixtureContextOf(u), params)
}

test('push-all -p: refuses a missing folder and a folder that is not a git repository, pushing nothing', async () => {
  const root = join(tmp.path, 'bad')
  await mkdir(join(root, 'config'), { recursive: true })
  await assert.rejects(pushAll({ path: 'relative/folder' }), { code: 'FIXTURE_PARAMS', message: /absolute/ })
  await assert.rejects(pushAll({ path: join(tmp.path, 'none') }), { code: 'LOCAL_PATH_MISSING' })
  await assert.rejects(pushAll({ path: root, project: 'local' }), {
    code: 'LOCAL_PATH_NOT_GIT',
    message: /config is not a git repository of its own/
  })
  await ok(git(['init', '-q', join(root, 'config')]))
  await writeFile(join(root, 'config', 'f'), '1')
  await ok(git(['add', 'f'], join(root, 'config')))
  await ok(git(['commit', '-qm', 'one'], join(root, 'config')))
  await assert.rejects(pushAll({ path: root, project: 'local' }), {
    code: 'LOCAL_PATH_MISSING',
    message: /no folder .*code for code repository/
  })
  const { login } = await u.gitUser()
  const repo = await u.git.getRepo(login, pp.project.config.fullname.split('/')[1] ?? '')
  assert.ok(repo !== undefined)
  const head = (await ok(git(['rev-parse', 'HEAD'], join(root, 'config')))).trim()
  const hostHead = (await ok(git(['--git-dir', u.git.repoDir(repo), 'rev-parse', 'main']))).trim()
  assert.notEqual(hostHead, head, 'the refused push-all pushed nothing')
})

test("push-all -p: each folder's HEAD is pushed to its repository and built", async () => {
  const root = join(tmp.path, 'project')
  await cloneInto(join(root, 'config'), pp.project.config.fullname)
  await cloneInto(join(root, 'code'), pp.project.code.fullname)
  // A local change to the function: the built commit is the folder's, not the host's.
  const code = join(root, 'code')
  const files = (await ok(git(['ls-files'], code))).split('\n').filter(f => f.endsWith('.ts'))
  const file = join(code, files[0] ?? '')
  await writeFile(file, `${await readFile(file, 'utf8')}\n// changed locally\n`)
  await ok(git(['commit', '-qam', 'local change'], code))
  const heads = {
    config: (await ok(git(['rev-parse', 'HEAD'], join(root, 'config')))).trim(),
    code: (await ok(git(['rev-parse', 'HEAD'], code))).trim()
  }
  const jobs = await runPush(u, 'push-all', { path: root, project: 'local' })
  assert.equal(jobs.length, 2, 'one config and one code job')
  for (const j of jobs) assert.equal(j.Status, SUCCESS, `job ${j.Id} ended ${j.Status}:\n${await jobLog(u, j)}`)
  assert.deepEqual(
    jobs.map(j => j.Meta.after),
    [heads.config, heads.code]
  )
})
