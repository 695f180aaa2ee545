/**
 * `npm test` runs this after the build: it hands every `dist/test/**\/*.test.js` to node's test runner, one file at
 * a time (`--test-concurrency=1`: the suites start real universes and share two cores). Only `*.test.js` files are
 * tests: given a folder, Node 20's `node --test` would also run every other `.js` file under a folder named `test`
 * (the helpers), and it takes no globs.
 *
 * Arguments: ones starting with `-` go to node (e.g. `--test-only`); the others keep only the test files whose
 * path contains one of them, so `npm test -- unit/ githost` runs test/unit/ and test/githost/.
 */
import { spawn } from 'node:child_process'
import { readdir } from 'node:fs/promises'
import { dirname, join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'

const HERE = dirname(fileURLToPath(import.meta.url))

const args = process.argv.slice(2)
const nodeFlags = args.filter(a => a.startsWith('-'))
const filters = args.filter(a => !a.startsWith('-')).map(a => a.replace(/^(dist\/)?test\//, ''))

const files = (await readdir(HERE, { recursive: true }))
  .filter(f => f.endsWith('.test.js'))
  .filter(f => filters.length === 0 || filters.some(p => f.includes(p)))
  .sort()
  .map(f => relative(process.cwd(), join(HERE, f)))

if (files.length === 0) {
  console.error(`no test file under ${relative(process.cwd(), HERE) || '.'} matches ${filters.join(', ')}`)
  process.exit(1)
}

const child = spawn(process.execPath, ['--test', '--test-concurrency=1', ...nodeFlags, ...files], { stdio: 'inherit' })
// Ctrl-C reaches the child through the terminal's process group; a TERM sent to this process alone is passed on.
process.on('SIGTERM', () => {
  child.kill('SIGTERM')
})
child.on('exit', (code, signal) => {
  process.exit(code ?? (signal !== null ? 1 : 0))
})
