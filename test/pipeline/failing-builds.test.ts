/**
 * Bad input never takes a node down. Malformed YAML, an unknown field value, a YAML alias blow-up, a missing
 * function source, a compile error and a symbolic link out of the repository each fail their job (status -1 after
 * its 2 attempts) with a log that names the file (and line where there is one); the log is in hoarder under the
 * job's Logs CID; the next good push builds.
 *
 * One universe with webhooks off: the test commits with the git CLI and starts each build with a push fixture.
 */
import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { copyFile, readFile, rm, symlink, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { Job } from '../../src/services/patrick/job.js'
import type { Universe } from '../../src/universe/universe.js'
import { isolatedGit, ok, tempDir } from '../helpers/githost.js'
import {
  FAILED,
  SUCCESS,
  allJobs,
  jobLog,
  pingNode,
  pingPongProject,
  pipelineData,
  runPush,
  type PingPong
} from '../helpers/pipeline.js'
import { startUniverse } from '../helpers/universe.js'

let u: Universe
let pp: PingPong
let tmp: Awaited<ReturnType<typeof tempDir>>
let git: ReturnType<typeof isolatedGit>
let configDir: string
let codeDir: string

before(async () => {
  tmp = await tempDir('dream-failing-')
  git = isolatedGit(join(tmp.path, 'home'))
  u = await startUniverse({ webhooks: false })
  pp = await pingPongProject(u, 'failing')
  configDir = join(tmp.path, 'config')
  codeDir = join(tmp.path, 'code')
  await ok(git(['clone', pp.project.config.url, configDir]))
  await ok(git(['clone', pp.project.code.url, codeDir]))
  // A good first build, so that what follows changes a working project.
  for (const j of await runPush(u, 'push-all')) assert.equal(j.Status, SUCCESS, await jobLog(u, j))
})
after(async () => {
  await u?.stop()
  await tmp?.cleanup()
})

/** Commits everything in `dir` and pushes it with the git CLI (webhooks are off: no build starts). */
async function commit(dir: string, message: string): Promise<string> {
  await ok(git(['add', '-A'], dir))
  await ok(git(['commit', '-m', message], dir))
  await ok(git(['push', 'origin', 'main'], dir))
  return (await ok(git(['rev-parse', 'HEAD'], dir))).trim()
}

/** Returns once the clock's second has moved on (git commit times have one-second steps). */
async function laterSecond(): Promise<void> {
  const s = Math.floor(Date.now() / 1000)
  for (let i = 0; Math.floor(Date.now() / 1000) === s; i++) {
    assert.ok(i < 200, 'the clock did not move on')
    await new Promise(resolve => setTimeout(resolve, 10))
  }
}

/** Builds one repo kind and returns its single final job. */
async function build(kind: 'config' | 'code'): Promise<Job> {
  const jobs = await runPush(u, kind === 'config' ? 'push-config' : 'push-code')
  assert.equal(jobs.length, 1)
  return jobs[0] as Job
}

/** A failed job: failed after its last attempt, with a log that ends in the CI/CD error block. */
async function failedLog(job: Job): Promise<string> {
  const log = await jobLog(u, job)
  assert.equal(job.Status, FAILED, log)
  assert.equal(job.Attempt, 1, 'a user error is not retried: it would fail again')
  assert.match(log, /CI\/CD Errors:/)
  assert.doesNotMatch(log, /was successful/)
  return log
}

/** Every node is still in the directory and answers a stream ping. */
async function allNodesAlive(): Promise<void> {
  for (const e of u.directory.all().filter(n => n.kind === 'service' && n.role !== 'gateway')) {
    const r = await pingNode(u, e)
    assert.equal(typeof r.time, 'number', `${e.role} answers`)
  }
  assert.equal(u.directory.byRole('monkey').length, 1)
}

test('malformed YAML in functions/broken.yaml: the config job fails with a log naming the file and line', async () => {
  await copyFile(pipelineData('broken-yaml.yaml'), join(configDir, 'functions', 'broken.yaml'))
  await commit(configDir, 'broken yaml')
  const log = await failedLog(await build('config'))
  assert.match(log, /functions\/broken\.yaml:7:\d+: YAML syntax error/)
  await rm(join(configDir, 'functions', 'broken.yaml'))
  await commit(configDir, 'remove broken yaml')
  await allNodesAlive()
})

test('an unknown trigger type: the config job fails with a log naming the file, field and value', async () => {
  const file = join(configDir, 'functions', 'ping_pong.yaml')
  const good = await readFile(file, 'utf8')
  assert.match(good, /type: https/)
  await writeFile(file, good.replace('type: https', 'type: ftp'))
  await commit(configDir, 'unknown trigger type')
  const log = await failedLog(await build('config'))
  assert.match(log, /functions\/ping_pong\.yaml:\d+:\d+: trigger\.type: .*"ftp"/)
  await writeFile(file, good)
  await commit(configDir, 'https again')
  await allNodesAlive()
})

test('a YAML alias blow-up (a 1 MiB scalar used 99 times): the config job fails once, naming the file', async () => {
  const file = join(configDir, 'config.yaml')
  const good = await readFile(file, 'utf8')
  const refs = Array.from({ length: 99 }, (_, i) => `  r${i}: *big\n`).join('')
  await writeFile(file, `${good}big: &big ${'x'.repeat(1024 * 1024)}\nrefs:\n${refs}`)
  await commit(configDir, 'alias blow-up')
  const log = await failedLog(await build('config'))
  assert.match(log, /config\.yaml: with its aliases expanded/)
  await writeFile(file, good)
  await commit(configDir, 'no aliases')
  await allNodesAlive()
})

test('a function whose source folder is missing: the code job fails naming functions/<name>', async () => {
  await copyFile(pipelineData('ghost.yaml'), join(configDir, 'functions', 'ghost.yaml'))
  await commit(configDir, 'ghost function')
  const config = await build('config')
  assert.equal(config.Status, SUCCESS, await jobLog(u, config))
  // A code job builds against the config of its own time: the next code commit is the one that meets the ghost.
  await laterSecond()
  await ok(git(['commit', '--allow-empty', '-m', 'after the ghost'], codeDir))
  await ok(git(['push', 'origin', 'main'], codeDir))
  const log = await failedLog(await build('code'))
  assert.match(log, /functions\/ghost\//)
  assert.match(log, /function ghost/)
  await rm(join(configDir, 'functions', 'ghost.yaml'))
  await commit(configDir, 'no ghost')
  await allNodesAlive()
})

test("an AssemblyScript compile error: the code job's log has the compiler's file and line:col", async () => {
  const src = join(codeDir, 'functions', 'ping_pong', 'ping_pong.ts')
  const good = await readFile(src, 'utf8')
  await copyFile(pipelineData('broken-ping-pong.ts'), src)
  await commit(codeDir, 'syntax error')
  const log = await failedLog(await build('code'))
  assert.match(log, /build functions\/ping_pong/)
  assert.match(log, /ping_pong\.ts:4:\d+: error AS\d+/)
  await writeFile(src, good)
  await commit(codeDir, 'fixed')
  await allNodesAlive()
})

test('a link to a file outside, imported by a function: the job fails naming the link, not its content', async () => {
  const dir = join(codeDir, 'functions', 'ping_pong')
  const src = join(dir, 'ping_pong.ts')
  const good = await readFile(src, 'utf8')
  const secret = join(tmp.path, 'secret.txt')
  await writeFile(secret, 'TOPSECRET first line of a file the daemon can read\n')
  await symlink(secret, join(dir, 'leak.ts'))
  await writeFile(src, `import "./leak";\n${good}`)
  await commit(codeDir, 'a link out of the repository')
  const log = await failedLog(await build('code'))
  assert.match(log, /functions\/ping_pong\/leak\.ts is a symbolic link/)
  assert.doesNotMatch(log, /TOPSECRET/)
  await rm(join(dir, 'leak.ts'))
  await writeFile(src, good)
  await commit(codeDir, 'no link')
  await allNodesAlive()
})

test('after all that, the next good push builds both repos', async () => {
  const jobs = await runPush(u, 'push-all')
  assert.equal(jobs.length, 2)
  for (const j of jobs) {
    assert.equal(j.Status, SUCCESS, await jobLog(u, j))
    assert.equal(j.Attempt, 1)
  }
  // Failed jobs keep both attempts' record; every failed one is final and none is still queued.
  const all = await allJobs(u)
  assert.equal(all.filter(j => j.Status === FAILED).length, 6)
  assert.ok(all.every(j => j.Status === FAILED || j.Status === SUCCESS))
})
