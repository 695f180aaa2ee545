/**
 * README's Libraries block, taken from README.md itself and run by bash (with `set -e`) against a real daemon:
 * `dream new library`, two functions using it with different calls, push-config and push-library, then both
 * answer with their own export of the one library module, and `dream builds` lists the library's job as one.
 * `npx dream` is run as `node bin/dream.js`.
 */
import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { execFile } from 'node:child_process'
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { DREAM_BIN, type DreamProcess, dreamEnv, runDream, startMultiverse } from '../helpers/cli.js'

const ROOT = join(DREAM_BIN, '..', '..')
let env: Awaited<ReturnType<typeof dreamEnv>>
let daemon: DreamProcess

before(async () => {
  env = await dreamEnv()
  daemon = await startMultiverse({ home: env.home, args: ['--api-port', String(env.apiPort)], timeoutMs: 120_000 })
})
after(async () => {
  await daemon?.stop('SIGTERM').catch(async () => {
    await daemon?.stop('SIGKILL')
  })
  await env?.cleanup()
})

async function librariesBlock(): Promise<string> {
  const readme = await readFile(join(ROOT, 'README.md'), 'utf8')
  const at = readme.indexOf('### Libraries')
  assert.ok(at >= 0, 'README has a Libraries section')
  const block = /```sh\n([\s\S]*?)```/.exec(readme.slice(at))?.[1]
  assert.ok(block !== undefined)
  return block.replaceAll('npx dream', `node ${JSON.stringify(DREAM_BIN)}`)
}

test("README's Libraries block: two functions answer with their own call of one library", {
  timeout: 600_000
}, async () => {
  const script = `set -e\n${await librariesBlock()}`
  const childEnv = { ...process.env, HOME: env.home, DREAM_API_PORT: String(env.apiPort), NO_COLOR: '1' }
  const r = await new Promise<{ code: number; stdout: string; stderr: string }>(resolve => {
    execFile('bash', ['-c', script], { cwd: ROOT, env: childEnv, timeout: 300_000 }, (err, stdout, stderr) => {
      resolve({ code: err === null ? 0 : Number((err as { code?: number }).code ?? 1), stdout, stderr })
    })
  })
  assert.equal(r.code, 0, `${r.stdout}\n${r.stderr}`)
  assert.match(r.stdout, /^Library greetings created \(assemblyscript, template ping_pong\): exports ping, pong$/m)
  assert.match(r.stdout, /queued job \S+ for \S+\/tb_library_greetings \(library\)/)
  // curl prints each body without a newline of its own.
  assert.match(r.stdout, /PONGPING$/, r.stdout)
  const builds = await runDream(['builds', '--project', 'libs', '--json'], { home: env.home, apiPort: env.apiPort })
  const rows = (JSON.parse(builds.stdout) as { jobs: Array<{ repo: string; type: string; status: string }> }).jobs
  const library = rows.filter(j => j.repo.endsWith('/tb_library_greetings'))
  assert.deepEqual(
    library.map(j => [j.type, j.status]),
    [['library', 'succeeded']]
  )
})
