/**
 * A config repository is bounded before it is compiled: the YAML read (readTree adds file sizes up before
 * reading each) and the documents with their aliases expanded (a 20 MB scalar referenced 99 times took a daemon
 * from 0.3 to 2.4 GB). Both are refused as CONFIG_TOO_LARGE, a user error. (A billion-laughs document, which
 * yaml's own alias guard stops, is CONFIG_YAML: test/compiler/validation.test.ts.)
 */
import assert from 'node:assert/strict'
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { test } from 'node:test'
import { ConfigBuildError, compileProject, readTree } from '../../src/compiler/index.js'
import { NET, P, repo } from './helpers.js'

const tooLarge = (err: unknown): boolean => err instanceof ConfigBuildError && err.code === 'CONFIG_TOO_LARGE'

/** config.yaml whose description is an anchor of `size` bytes, referenced `uses` times. */
function anchored(size: number, uses: number): string {
  const refs = Array.from({ length: uses }, (_, i) => `  r${i}: *big\n`).join('')
  return `id: ${P}\nname: demo\ndescription: &big ${'x'.repeat(size)}\nrefs:\n${refs}`
}

test('one 1 MiB scalar referenced 99 times is refused by the default bound', () => {
  const files = repo({}, anchored(1024 * 1024, 99))
  assert.throws(() => compileProject({ files, branch: 'main', networkFqdn: NET }), tooLarge)
})

test('the expanded bound is the documents of every file together, and a config within it compiles', () => {
  const files = repo({}, anchored(1000, 10))
  assert.equal(compileProject({ files, branch: 'main', networkFqdn: NET }).projectId, P)
  assert.throws(
    () => compileProject({ files, branch: 'main', networkFqdn: NET, limits: { expandedBytes: 8000 } }),
    tooLarge
  )
})

test('readTree refuses a repository whose YAML is over its bound, and reads only YAML', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'dream-config-'))
  try {
    await mkdir(join(dir, 'functions'))
    await writeFile(join(dir, 'config.yaml'), `id: ${P}\nname: demo\n`)
    await writeFile(join(dir, 'logo.png'), Buffer.alloc(4096))
    assert.deepEqual([...(await readTree(dir, 1024)).keys()], ['config.yaml'])
    await writeFile(join(dir, 'functions', 'big.yaml'), `description: ${'x'.repeat(2048)}\n`)
    await assert.rejects(readTree(dir, 1024), tooLarge)
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
})
