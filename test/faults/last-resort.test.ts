/**
 * No exception takes the daemon down: a route that throws in a callback, and one that leaves a rejection
 * unhandled, each get a 500 (the daemon's last resort fails the request the work belonged to), the error is
 * logged, and the daemon keeps answering. Node's default ends the process on either. The daemon runs as a child
 * process (test/helpers/throwing-daemon.ts): node:test reports such errors in its own process as failures.
 */
import assert from 'node:assert/strict'
import { spawn } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { after, before, describe, test } from 'node:test'
import { rawRequest } from '../helpers/http.js'
import { waitFor } from '../helpers/universe.js'

const SCRIPT = fileURLToPath(new URL('../helpers/throwing-daemon.js', import.meta.url))

describe('the daemon survives uncaught exceptions and rejections', { timeout: 60_000 }, () => {
  const child = spawn(process.execPath, [SCRIPT], { stdio: ['ignore', 'pipe', 'pipe'] })
  let out = ''
  let err = ''
  let exited = false
  let port = 0
  child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d))
  child.stderr.setEncoding('utf8').on('data', (d: string) => (err += d))
  const gone = new Promise<void>(resolve => child.once('exit', () => resolve()))
  void gone.then(() => (exited = true))

  before(async () => {
    await waitFor('the daemon to listen', async () => {
      if (exited) throw new Error(`the daemon exited: ${err}`)
      return /api (\d+)\n/.test(out)
    })
    port = Number(/api (\d+)\n/.exec(out)?.[1])
  })
  after(async () => {
    if (!exited) child.kill('SIGTERM')
    await gone
  })

  test('work that throws after its request was answered leaves that answer and the daemon alone', async () => {
    const r = await rawRequest(port, 'GET', '/on-purpose/later')
    assert.equal(r.status, 200, r.body)
    assert.equal(r.body, 'answered')
    await waitFor('the error in the log', () => err.includes('later on purpose'))
    assert.equal((await rawRequest(port, 'GET', '/ping')).status, 200)
    assert.equal(exited, false)
  })

  for (const what of ['throw', 'reject'] as const) {
    test(`a route that fails on purpose (${what}) gets a 500, and the daemon keeps answering`, async () => {
      const r = await rawRequest(port, 'GET', `/on-purpose/${what}`)
      assert.equal(r.status, 500, r.body)
      assert.equal((JSON.parse(r.body) as { code: string }).code, 'INTERNAL')
      const ping = await rawRequest(port, 'GET', '/ping')
      assert.equal(ping.status, 200, ping.body)
      assert.equal(exited, false)
      // The log line comes on the child's stderr, which may arrive after the answer.
      await waitFor('the error in the log', () =>
        err.includes(`${what === 'throw' ? 'thrown' : 'rejected'} on purpose`)
      )
    })
  }
})
