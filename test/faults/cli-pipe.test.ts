/**
 * Piped CLI output is complete: `dream builds --json` with a few hundred jobs (well over a pipe's 64 KiB) parses
 * whole. The daemon runs in this process (no monkey, so jobs stay open); the CLI is the real executable in a shell
 * pipe.
 */
import { test, describe, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { execFile } from 'node:child_process'
import type { Daemon, Universe } from '../../src/index.js'
import { authHook, authRepo, consoleOf, headPayload, postWebhook, signed } from '../helpers/pipeline.js'
import { DREAM_BIN } from '../helpers/cli.js'
import { startTestDaemon } from '../helpers/universe.js'

const JOBS = 600

describe('piped CLI output', { timeout: 180_000 }, () => {
  let d: Daemon
  let u: Universe
  before(async () => {
    d = await startTestDaemon({
      universes: [{ name: 'blackhole', spec: { services: ['auth', 'patrick', 'tns', 'hoarder'], webhooks: false } }]
    })
    u = d.multiverse.get('blackhole')
    const p = await (await consoleOf(u)).newProject('many')
    const hook = await authHook(u, (await authRepo(u, p.config.id)).hooks[0] ?? '')
    // 25 deliveries at a time: patrick queues them all (a burst is what a busy push hour looks like too)
    for (let i = 0; i < JOBS; i += 25) {
      await Promise.all(
        Array.from({ length: Math.min(25, JOBS - i) }, async (_, k) => {
          const body = await headPayload(u, p.config.fullname, 1_700_000_000 + i + k)
          const r = await postWebhook(u, hook.id, body, signed(body, hook.secret))
          assert.equal(r.status, 200, JSON.stringify(r.json))
        })
      )
    }
  })
  after(async () => {
    await d?.stop()
  })

  test('dream builds --json through a pipe is whole JSON', async () => {
    // A shell pipe (64 KiB), as `dream builds --json | jq` has; a child's stdio would be a larger socket pair.
    const r = await new Promise<{ stdout: string; stderr: string }>((resolve, reject) => {
      execFile(
        'sh',
        ['-c', `"${process.execPath}" "${DREAM_BIN}" builds --json | cat`],
        {
          env: {
            ...process.env,
            DREAM_API_PORT: String(d.apiPort),
            NODE_TEST_CONTEXT: undefined,
            NODE_OPTIONS: undefined
          },
          maxBuffer: 64 << 20
        },
        (err, stdout, stderr) => {
          if (err !== null) reject(err)
          else resolve({ stdout, stderr })
        }
      )
    })
    assert.ok(r.stdout.length > 128 * 1024, `only ${r.stdout.length} bytes: too few jobs to fill a pipe`)
    const parsed = JSON.parse(r.stdout) as { jobs: unknown[] }
    assert.equal(parsed.jobs.length, JOBS)
  })
})
