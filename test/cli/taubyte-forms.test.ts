/**
 * The command forms of Taubyte's own `dream` CLI, run with the built executable against one daemon started the
 * way Taubyte's is (`dream start`): --empty with only the listed nodes, --branch, --fixtures, `inject services`
 * and `kill services`, `-u/--universe`, `inject <service> --http`, `inject simple [--empty]`, push fixtures with
 * --pid/-b/--rid/--fn, camelCase fixture names; and the forms that cannot work here, which exit 1 with one line
 * saying why.
 */
import { after, before, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import type { Chart } from '../../src/index.js'
import { DreamProcess, dreamEnv, runDream, type RunResult } from '../helpers/cli.js'
import { freePort } from '../helpers/universe.js'

function okRun(r: RunResult): string {
  assert.equal(r.code, 0, `exit code ${String(r.code)}\n${r.stdout}\n${r.stderr}`)
  return r.stdout
}
/** A user error: exit 1 and one line on stderr, which is returned. */
function refusedRun(r: RunResult): string {
  assert.equal(r.code, 1, `exit code ${String(r.code)}\n${r.stdout}\n${r.stderr}`)
  const lines = r.stderr.trimEnd().split('\n')
  assert.equal(lines.length, 1, r.stderr)
  return lines[0] ?? ''
}

describe("Taubyte's dream command forms", { timeout: 240_000 }, () => {
  let env: Awaited<ReturnType<typeof dreamEnv>>
  let daemon: DreamProcess | undefined
  const dream = async (...args: string[]): Promise<RunResult> =>
    await runDream(args, { apiPort: env.apiPort, home: env.home })
  const roles = async (universe = 'blackhole'): Promise<string[]> =>
    (JSON.parse(okRun(await dream('status', 'universe', universe, '--json'))) as Chart).nodes
      .map(n => n.name.split('@')[0] ?? '')
      .filter(r => r !== 'git')
      .sort()

  before(async () => {
    env = await dreamEnv()
  })
  after(async () => {
    await daemon?.stop('SIGTERM').catch(async () => {
      await daemon?.stop('SIGKILL')
    })
    await env?.cleanup()
  })

  test('`dream start` refuses --public and a second multiverse name, starting nothing', async () => {
    assert.match(refusedRun(await dream('start', '--public', 'true')), /--public cannot work here: .*127\.0\.0\.1/)
    assert.match(refusedRun(await dream('start', 'other')), /one multiverse/)
  })

  test('`dream start --empty --enable … --simples client -b dev --fixtures fakeProject`', async () => {
    daemon = await DreamProcess.start(
      ['start', '--empty', '--enable', 'tns,hoarder,monkey', '--simples', 'client', '-b', 'dev'].concat([
        '--fixtures',
        'fakeProject'
      ]),
      { apiPort: env.apiPort, home: env.home }
    )
    await daemon.waitForLine(/^\[SUCCESS\] Universe blackhole started!$/, 120_000)
    // The fixture ran on the branch given with -b.
    await daemon.waitForLine(
      /^fakeProject: project Qmc3WjpDvCaVY3jWmxranUY7roFhRj66SNqstiRbKxDbU4 published at dev /,
      60_000
    )
    assert.deepEqual(await roles(), ['client', 'hoarder', 'monkey', 'tns'], 'no elder and no other service')
  })

  test('inject services a,b and kill services a,b, the universe as -u/--universe', async () => {
    okRun(await dream('inject', 'services', 'auth,seer', '-u', 'blackhole'))
    assert.deepEqual(await roles(), ['auth', 'client', 'hoarder', 'monkey', 'seer', 'tns'])
    okRun(await dream('kill', 'services', 'auth,seer', '--universe', 'blackhole'))
    assert.match(refusedRun(await dream('inject', 'tns', 'other', '-u', 'blackhole')), /two universes/)
    assert.deepEqual(await roles(), ['client', 'hoarder', 'monkey', 'tns'])
  })

  test('inject <service> --http N pins its HTTP port', async () => {
    const port = await freePort()
    okRun(await dream('inject', 'hoarder', '--http', String(port)))
    const chart = JSON.parse(okRun(await dream('status', 'universe', '--json'))) as Chart
    assert.ok(
      chart.nodes.some(n => n.name === 'hoarder@blackhole' && n.value.http === port),
      JSON.stringify(chart)
    )
    assert.match(refusedRun(await dream('inject', 'hoarder', '--http', 'x')), /--http must be a port number/)
  })

  test('inject simple: --empty is what a simple is here; --enable/--disable say why they cannot work', async () => {
    okRun(await dream('inject', 'simple', 'extra', '--empty'))
    assert.ok((await roles()).includes('extra'))
    assert.match(refusedRun(await dream('inject', 'simple', 'other', '--enable', 'tns')), /cannot work here/)
    okRun(await dream('kill', 'simple', 'extra'))
  })

  test("Taubyte's fixture names and flags: setBranch -n, pushSpecific --rid --fn, push-all --pid -b", async () => {
    okRun(await dream('inject', 'setBranch', '-n', 'main'))
    assert.match(
      refusedRun(await dream('inject', 'push-specific', '--rid', '123', '--fn', 'someone/repo')),
      /no auth node|no registered repository/
    )
    assert.match(refusedRun(await dream('inject', 'push-all', '--pid', 'nosuch', '-b', 'main')), /auth/)
  })

  test('forms that cannot work here exit 1 with one line saying why', async () => {
    // push-all -p pushes a project folder's git repositories; a folder that is not there is a one-line error.
    assert.match(
      refusedRun(await dream('inject', 'push-all', '-p', '/nonexistent/dream-project')),
      /--path \/nonexistent\/dream-project is not an existing folder/
    )
    assert.match(
      refusedRun(await dream('inject', 'attach-plugin', '-p', '/tmp/plugin.so')),
      /attachPlugin does not run in this dream: .*wasm/
    )
  })

  test('new universe --empty --enable tns --simples client; --fixtures stops at a failing one', async () => {
    const r = await dream('new', 'universe', 'second', '--empty', '--enable', 'tns', '--simples', 'client')
    okRun(r)
    assert.deepEqual(await roles('second'), ['client', 'tns'])
    okRun(await dream('kill', 'universe', 'second'))
    const withFixture = await dream('new', 'universe', 'third', '--empty', '--fixtures', 'set-branch')
    assert.equal(withFixture.code, 1)
    assert.match(withFixture.stderr, /needs --name/)
  })
})
