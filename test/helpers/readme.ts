/**
 * Running README's shell blocks as a user pastes them: a block found after a marker, with `npx dream` run as
 * `node bin/dream.js` (what npx runs in the clone), by bash against a real daemon started for the test file.
 */
import { after, before } from 'node:test'
import assert from 'node:assert/strict'
import { execFile } from 'node:child_process'
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { DREAM_BIN, type DreamProcess, dreamEnv, startMultiverse } from './cli.js'

const ROOT = join(DREAM_BIN, '..', '..')

type DreamEnv = Awaited<ReturnType<typeof dreamEnv>>

/** The first ```sh block after `marker` in README.md. */
export async function readmeBlock(marker: string): Promise<string> {
  const readme = await readFile(join(ROOT, 'README.md'), 'utf8')
  const at = readme.indexOf(marker)
  assert.ok(at >= 0, `README has "${marker}"`)
  const block = /```sh\n([\s\S]*?)```/.exec(readme.slice(at))?.[1]
  assert.ok(block !== undefined, `a sh block follows "${marker}"`)
  return block.replaceAll('npx dream', `node ${JSON.stringify(DREAM_BIN)}`)
}

/** Starts a multiverse before the file's tests and stops it after; `env()` is its home and API port. */
export function daemonForFile(): { env: () => DreamEnv } {
  let env: DreamEnv | undefined
  let daemon: DreamProcess | undefined
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
  return {
    env: () => {
      if (env === undefined) throw new Error('the daemon is not started yet')
      return env
    }
  }
}

/** Runs `script` with bash in the clone's root against the daemon of `env`. */
export async function runBash(
  script: string,
  env: DreamEnv,
  timeoutMs: number
): Promise<{ code: number; stdout: string; stderr: string }> {
  const childEnv = { ...process.env, HOME: env.home, DREAM_API_PORT: String(env.apiPort), NO_COLOR: '1' }
  return await new Promise(resolve => {
    execFile('bash', ['-c', script], { cwd: ROOT, env: childEnv, timeout: timeoutMs }, (err, stdout, stderr) => {
      resolve({ code: err === null ? 0 : Number((err as { code?: number }).code ?? 1), stdout, stderr })
    })
  })
}
