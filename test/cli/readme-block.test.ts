/**
 * README's paste-ready block, taken from README.md itself and run by bash (with `set -e`) twice against a real
 * daemon: the second run must succeed too, and both print PONG. `npx dream` is run as `node bin/dream.js` (what
 * npx runs in the clone); the `dig` line runs only where dig is installed.
 */
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { daemonForFile, readmeBlock, runBash } from '../helpers/readme.js'

const daemon = daemonForFile()

async function run(script: string): Promise<{ code: number; stdout: string; stderr: string }> {
  const guarded = `set -e\ncommand -v dig >/dev/null || dig() { echo "127.0.0.1"; }\n${script}`
  return await runBash(guarded, daemon.env(), 240_000)
}

test('the paste-ready block runs twice without error and answers PONG both times', { timeout: 600_000 }, async () => {
  const script = await readmeBlock('The same, ready to paste')
  for (const round of [1, 2]) {
    const r = await run(script)
    assert.equal(r.code, 0, `round ${round}\n${r.stdout}\n${r.stderr}`)
    // curl prints the body without a newline of its own.
    assert.match(r.stdout, /^PONG/m, `round ${round}\n${r.stdout}`)
  }
})
