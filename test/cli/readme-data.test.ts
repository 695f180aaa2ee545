/**
 * README's "Using data" blocks, taken from README.md itself and run by bash against a real daemon through the CLI
 * (`dream new function --template counter|upload|p2p_echo`, Go by default): the counter counts, the upload
 * answers the stored file, and p2p_echo's HTTP function answers what its p2p function wrote.
 */
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { daemonForFile, readmeBlock, runBash } from '../helpers/readme.js'

const daemon = daemonForFile()

test('the counter, upload and p2p_echo blocks of "Using data" run and answer', { timeout: 600_000 }, async () => {
  const blocks = [
    await readmeBlock('### Using data'),
    await readmeBlock('`dream new function up --template upload`'),
    await readmeBlock('`dream new function echo --template p2p_echo`')
  ]
  const r = await runBash(`set -e\n${blocks.join('\n')}`, daemon.env(), 480_000)
  assert.equal(r.code, 0, `${r.stdout}\n${r.stderr}`)
  // curl prints each body without a newline of its own.
  assert.match(r.stdout, /^12/m, r.stdout)
  assert.ok(r.stdout.includes('hellohello'), r.stdout)
  assert.ok(r.stdout.endsWith('echo: hi'), r.stdout)
})
