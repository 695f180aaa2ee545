/**
 * `dream new multiverse --daemon` with the built executable: the background child gets every flag (here
 * --allow-origin, which it once lost), and `--fixtures` are part of being ready: a failing fixture is the
 * command's failure, with the daemon gone, not a success printed before the fixtures ran.
 */
import { after, before, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { dreamEnv, runDream, type RunResult } from '../helpers/cli.js'
import { openPorts } from '../helpers/universe.js'

const show = (r: RunResult): string => `exit ${String(r.code)}\n--- stdout ---\n${r.stdout}--- stderr ---\n${r.stderr}`

describe('dream new multiverse --daemon', { timeout: 240_000 }, () => {
  let env: Awaited<ReturnType<typeof dreamEnv>>
  const dream = async (...args: string[]): Promise<RunResult> =>
    await runDream(args, { home: env.home, apiPort: env.apiPort, timeoutMs: 180_000 })
  before(async () => {
    env = await dreamEnv()
  })
  after(async () => {
    await dream('stop')
    await env?.cleanup()
  })

  test('--allow-origin reaches the background dream', async () => {
    const started = await dream('new', 'multiverse', '--daemon', '--empty', '--allow-origin', 'http://page.test')
    assert.equal(started.code, 0, show(started))
    try {
      const ping = async (origin: string): Promise<Response> =>
        await fetch(`http://127.0.0.1:${env.apiPort}/ping`, { headers: { origin } })
      const allowed = await ping('http://page.test')
      assert.equal(allowed.status, 200, await allowed.text())
      assert.equal(allowed.headers.get('access-control-allow-origin'), 'http://page.test')
      assert.equal((await ping('http://other.test')).status, 403)
    } finally {
      assert.equal((await dream('stop')).code, 0)
    }
  })

  test('a failing fixture is the command’s error (exit 1), once the background dream has stopped', async () => {
    const started = await dream('new', 'multiverse', '--daemon', '--empty', '--fixtures', 'push-specific')
    assert.equal(started.code, 1, show(started))
    assert.doesNotMatch(started.stdout, /running in the background/, show(started))
    assert.equal(started.stderr.match(/^Error: /gm)?.length, 1, show(started))
    assert.match(started.stdout, /\[SUCCESS\] Universe blackhole started!/, 'the banner came first')
    const pidFile = join(env.home, '.cache', 'dream', `daemon-${env.apiPort}.pid`)
    assert.equal(await readFile(pidFile, 'utf8').catch(() => 'gone'), 'gone', 'the daemon is gone')
    assert.deepEqual(await openPorts([env.apiPort]), [])
  })
})
