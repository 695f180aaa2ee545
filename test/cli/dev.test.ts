/**
 * `dream dev <folder>` as a real process against a real daemon: an empty folder becomes the project's two clones,
 * a save in code/ is committed and pushed by itself, and dev prints the job's success and the curl line, after
 * which the function serves the new answer.
 */
import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { DreamProcess, dreamEnv, type RunResult, runDream, startMultiverse } from '../helpers/cli.js'
import { tempDir } from '../helpers/githost.js'
import { hostRequest } from '../helpers/serving.js'

let env: Awaited<ReturnType<typeof dreamEnv>>
let tmp: Awaited<ReturnType<typeof tempDir>>
let daemon: DreamProcess
const dream = async (...args: string[]): Promise<RunResult> =>
  await runDream(args, { apiPort: env.apiPort, home: env.home, timeoutMs: 180_000 })

before(async () => {
  env = await dreamEnv()
  tmp = await tempDir('dream-dev-')
  daemon = await startMultiverse({ home: env.home, args: ['--api-port', String(env.apiPort)], timeoutMs: 120_000 })
})
after(async () => {
  await daemon?.stop('SIGTERM').catch(async () => {
    await daemon?.stop('SIGKILL')
  })
  await env?.cleanup()
  await tmp?.cleanup()
})

test('dream dev: a save is committed, pushed, built, and reported with the curl line', {
  timeout: 300_000
}, async () => {
  assert.equal((await dream('new', 'project', 'devp')).code, 0)
  const f = await dream(
    'new',
    'function',
    'ping_pong',
    '--project',
    'devp',
    '--template',
    'ping_pong',
    '--language',
    'assemblyscript'
  )
  assert.equal(f.code, 0, f.stderr)
  const curl = /^ {2}(curl -H "Host: (\S+)" http:\/\/127\.0\.0\.1:(\d+)\/ping)$/m.exec(f.stdout)
  assert.ok(curl !== null, f.stdout)
  assert.equal((await dream('logs', '-f', 'latest', '--project', 'devp')).code, 0)

  const folder = join(tmp.path, 'devp')
  const watching = await DreamProcess.start(['dev', folder], { apiPort: env.apiPort, home: env.home })
  try {
    await watching.waitForLine(/^watching /, 60_000)
    assert.ok(watching.lines().includes(`code: ${join(folder, 'code')} (cloned)`), watching.describe())
    const file = join(folder, 'code', 'functions', 'ping_pong', 'ping_pong.ts')
    await writeFile(file, (await readFile(file, 'utf8')).replace('"PONG"', '"PONG4"'))
    await watching.waitForLine(/^pushed code \w{7}: edit functions\/ping_pong\/ping_pong\.ts$/, 60_000)
    await watching.waitForLine(/^job Qm\w+ \(code\) succeeded in [\d.]+ s$/, 120_000)
    await watching.waitForLine(`  function ping_pong: ${curl[1]}`, 30_000)
    assert.equal((await hostRequest(Number(curl[3]), curl[2] as string, '/ping')).body, 'PONG4')
  } finally {
    const exit = await watching.stop('SIGINT')
    assert.equal(exit.code, 0, watching.describe())
  }
})
