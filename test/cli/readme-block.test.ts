/**
 * README's paste-ready block, taken from README.md itself and run by bash (with `set -e`) twice against a real
 * daemon: the second run must succeed too, and both print PONG. `npx dream` is run as `node bin/dream.js` (what
 * npx runs in the clone); the `dig` line runs only where dig is installed.
 */
import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { execFile } from 'node:child_process'
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { DREAM_BIN, type DreamProcess, dreamEnv, startMultiverse } from '../helpers/cli.js'

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

async function pasteBlock(): Promise<string> {
  const readme = await readFile(join(ROOT, 'README.md'), 'utf8')
  const at = readme.indexOf('The same, ready to paste')
  assert.ok(at >= 0, 'README has the paste-ready block')
  const block = /```sh\n([\s\S]*?)```/.exec(readme.slice(at))?.[1]
  assert.ok(block !== undefined)
  return block.replaceAll('npx dream', `node ${JSON.stringify(DREAM_BIN)}`)
}

async function run(script: string): Promise<{ code: number; stdout: string; stderr: string }> {
  const guarded = `set -e\ncommand -v dig >/dev/null || dig() { echo "127.0.0.1"; }\n${script}`
  return await new Promise(resolve => {
    const childEnv = { ...process.env, HOME: env.home, DREAM_API_PORT: String(env.apiPort), NO_COLOR: '1' }
    execFile('bash', ['-c', guarded], { cwd: ROOT, env: childEnv, timeout: 240_000 }, (err, stdout, stderr) => {
      resolve({ code: err === null ? 0 : Number((err as { code?: number }).code ?? 1), stdout, stderr })
    })
  })
}

test('the paste-ready block runs twice without error and answers PONG both times', { timeout: 600_000 }, async () => {
  const script = await pasteBlock()
  for (const round of [1, 2]) {
    const r = await run(script)
    assert.equal(r.code, 0, `round ${round}\n${r.stdout}\n${r.stderr}`)
    // curl prints the body without a newline of its own.
    assert.match(r.stdout, /^PONG/m, `round ${round}\n${r.stdout}`)
  }
})
