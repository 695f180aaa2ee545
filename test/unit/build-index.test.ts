/**
 * monkey's build index (src/services/monkey/build-index.ts): what a job recorded is found by its content key
 * after the index is opened again from its file (a daemon restarted with --keep), and the file is private.
 */
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { mkdtemp, rm, stat } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { BuildIndex } from '../../src/services/monkey/build-index.js'

let dir: string
before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'dream-build-index-'))
})
after(async () => {
  await rm(dir, { recursive: true, force: true })
})

test('a recorded key → CID survives a reopen; an unknown key has none; the file is 0600', async () => {
  const root = join(dir, 'monkey-0')
  const first = new BuildIndex(root)
  await first.open()
  assert.equal(first.cidOf('a'.repeat(64)), undefined)
  await first.remember([
    { key: 'a'.repeat(64), cid: 'bafyA' },
    { key: 'b'.repeat(64), cid: 'bafyB' }
  ])
  await first.remember([{ key: 'a'.repeat(64), cid: 'bafyA2' }])
  await first.close()

  const again = new BuildIndex(root)
  await again.open()
  assert.equal(again.cidOf('a'.repeat(64)), 'bafyA2', 'the latest publication of a key wins')
  assert.equal(again.cidOf('b'.repeat(64)), 'bafyB')
  assert.equal(again.cidOf('c'.repeat(64)), undefined)
  await again.close()
  assert.equal((await stat(join(root, 'builds.json'))).mode & 0o777, 0o600)
})
