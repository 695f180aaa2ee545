/**
 * What `npm pack` ships: the executable, the compiled CLI and daemon, the fixtures they import and the function
 * templates, and not the tests. (Installing the packed tarball and running it is in the README's check list:
 * it needs the registry for the dependencies.)
 */
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { execFile } from 'node:child_process'
import { join } from 'node:path'
import { DREAM_BIN } from '../helpers/cli.js'

test('npm pack lists what `dream` needs to run, and no tests', async () => {
  const root = join(DREAM_BIN, '..', '..')
  const out = await new Promise<string>((resolve, reject) => {
    execFile(
      'npm',
      ['pack', '--dry-run', '--json', '--ignore-scripts'],
      { cwd: root, maxBuffer: 16 << 20 },
      (err, stdout, stderr) => {
        if (err !== null) reject(new Error(`${err.message}\n${stderr}`))
        else resolve(stdout)
      }
    )
  })
  const [pack] = JSON.parse(out) as Array<{ files: Array<{ path: string }> }>
  const files = new Set((pack?.files ?? []).map(f => f.path))
  for (const need of [
    'package.json',
    'bin/dream.js',
    'dist/src/cli/main.js',
    'dist/src/daemon.js',
    'dist/fixtures/index.js',
    'templates/ping_pong/template.yaml',
    'templates/sdk/index.ts',
    'dist/web/index.html',
    'dist/web/console.js'
  ]) {
    assert.ok(files.has(need), `${need} is packed`)
  }
  assert.deepEqual(
    [...files].filter(f => f.startsWith('dist/test/') || f.startsWith('src/') || f.startsWith('test/')),
    []
  )
})
