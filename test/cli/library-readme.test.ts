/**
 * README's Libraries block, taken from README.md itself and run by bash (with `set -e`) against a real daemon:
 * `dream new library`, two functions using it with different calls, push-config and push-library, then both
 * answer with their own export of the one library module, and `dream builds` lists the library's job as one.
 * `npx dream` is run as `node bin/dream.js`.
 */
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { runDream } from '../helpers/cli.js'
import { daemonForFile, readmeBlock, runBash } from '../helpers/readme.js'

const daemon = daemonForFile()

test("README's Libraries block: two functions answer with their own call of one library", {
  timeout: 600_000
}, async () => {
  const env = daemon.env()
  const r = await runBash(`set -e\n${await readmeBlock('### Libraries')}`, env, 300_000)
  assert.equal(r.code, 0, `${r.stdout}\n${r.stderr}`)
  assert.match(r.stdout, /^Library greetings created \(assemblyscript, template ping_pong\): exports ping, pong$/m)
  assert.match(r.stdout, /queued job \S+ for \S+\/tb_library_greetings \(library\)/)
  // curl prints each body without a newline of its own.
  assert.match(r.stdout, /PONGPING$/, r.stdout)
  const builds = await runDream(['builds', '--project', 'libs', '--json'], { home: env.home, apiPort: env.apiPort })
  const rows = (JSON.parse(builds.stdout) as { jobs: Array<{ repo: string; type: string; status: string }> }).jobs
  const library = rows.filter(j => j.repo.endsWith('/tb_library_greetings'))
  assert.deepEqual(
    library.map(j => [j.type, j.status]),
    [['library', 'succeeded']]
  )
})
