/**
 * The build pipeline from the command line: `node bin/dream.js` against a daemon started in-process (control API on a
 * kernel-chosen port). The walkthrough (new project, new function, inject push-all --wait, builds, logs), a failing
 * build seen through `dream logs`, and the one-line errors for unknown projects and templates.
 */
import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { copyFile, rm } from 'node:fs/promises'
import { join } from 'node:path'
import type { Daemon } from '../../src/index.js'
import type { Universe } from '../../src/universe/universe.js'
import { runDream, type RunResult } from '../helpers/cli.js'
import { isolatedGit, ok, tempDir } from '../helpers/githost.js'
import { pipelineData, sessionOf } from '../helpers/pipeline.js'
import { startTestDaemon, uniqueName } from '../helpers/universe.js'

let daemon: Daemon
let u: Universe
let tmp: Awaited<ReturnType<typeof tempDir>>
const name = uniqueName('cli')

before(async () => {
  tmp = await tempDir('dream-cli-pipeline-')
  daemon = await startTestDaemon({ universes: [{ name, spec: { webhooks: false } }] })
  u = daemon.multiverse.get(name)
})
after(async () => {
  await daemon?.stop()
  await tmp?.cleanup()
})

const dream = async (...args: string[]): Promise<RunResult> =>
  await runDream([...args], { apiPort: daemon.apiPort, timeoutMs: 180_000 })
const describe = (r: RunResult): string =>
  `exit ${String(r.code)}\n--- stdout ---\n${r.stdout}--- stderr ---\n${r.stderr}`

/** A user error: exit 1, nothing on stdout, exactly one line on stderr. */
function oneLineError(r: RunResult): string {
  assert.equal(r.code, 1, describe(r))
  assert.equal(r.stdout, '', describe(r))
  const lines = r.stderr.split('\n').filter(l => l !== '')
  assert.equal(lines.length, 1, describe(r))
  return lines[0] ?? ''
}

test('new project, new function, inject push-all --wait, builds, logs', async () => {
  const p = await dream('new', 'project', 'walk', '-u', name)
  assert.equal(p.code, 0, describe(p))
  const [head, config, code] = p.stdout.trimEnd().split('\n')
  assert.match(head ?? '', /^Project walk created: Qm\w{44}$/)
  assert.match(config ?? '', /^ {2}config {2}http:\/\/\S+:\S+@127\.0\.0\.1:\d+\/\S+\/tb_walk\.git$/)
  assert.match(code ?? '', /^ {2}code {4}http:\/\/\S+:\S+@127\.0\.0\.1:\d+\/\S+\/tb_code_walk\.git$/)
  const projectId = head?.split(': ')[1] ?? ''

  const f = await dream(
    'new',
    'function',
    'ping_pong',
    '--project',
    'walk',
    '--template',
    'ping_pong',
    '--language',
    'assemblyscript',
    '-u',
    name
  )
  assert.equal(f.code, 0, describe(f))
  const fqdn = `${projectId.slice(-8).toLowerCase()}0.${name}.localtau`
  const port = u.directory.byRole('substrate')[0]?.ports.http
  assert.equal(
    f.stdout,
    `Function ping_pong: GET http://${fqdn}/ping\n  curl -H "Host: ${fqdn}" http://127.0.0.1:${port}/ping\n`
  )

  const push = await dream('inject', 'push-all', name, '--wait')
  assert.equal(push.code, 0, describe(push))
  const lines = push.stdout.trimEnd().split('\n')
  assert.equal(lines.filter(l => l.startsWith('queued job ')).length, 2, describe(push))
  assert.equal(lines.filter(l => / succeeded( in [\d.]+ s)?$/.test(l)).length, 2, describe(push))

  const b = await dream('builds', '--project', 'walk', '-u', name, '--json')
  assert.equal(b.code, 0, describe(b))
  const { jobs } = JSON.parse(b.stdout) as {
    jobs: Array<{ id: string; project: string; type: string; status: string }>
  }
  assert.equal(jobs.length, 2)
  assert.deepEqual(jobs.map(j => j.type).sort(), ['code', 'config'])
  assert.ok(jobs.every(j => j.status === 'succeeded' && j.project === 'walk'))

  const code2 = jobs.find(j => j.type === 'code')
  const l = await dream('logs', code2?.id ?? '', '-u', name)
  assert.equal(l.code, 0, describe(l))
  assert.match(l.stdout, /build functions\/ping_pong: ok/)
  assert.match(l.stdout, /was successful/)
})

test('a failing build: inject --wait exits 1 and `dream logs` shows the file and line', async () => {
  const s = await sessionOf(u)
  const git = isolatedGit(join(tmp.path, 'home'))
  const work = join(tmp.path, 'config')
  await ok(git(['clone', `http://${s.login}:${s.token}@127.0.0.1:${u.git.port}/${s.login}/tb_walk.git`, work]))
  await copyFile(pipelineData('broken-yaml.yaml'), join(work, 'functions', 'broken.yaml'))
  await ok(git(['add', '-A'], work))
  await ok(git(['commit', '-m', 'broken yaml'], work))
  await ok(git(['push'], work))
  try {
    const push = await dream('inject', 'push-config', name, '--wait')
    assert.equal(push.code, 1, describe(push))
    const failed = /^job (\S+) failed/m.exec(push.stdout)?.[1]
    assert.ok(failed !== undefined, describe(push))
    assert.match(push.stdout, new RegExp(`dream logs ${failed}`))
    const l = await dream('logs', failed, '-u', name)
    assert.equal(l.code, 1, `the log of a failed job exits 1\n${describe(l)}`)
    assert.match(l.stdout, /functions\/broken\.yaml:7:\d+: YAML syntax error/)
    assert.match(l.stdout, /CI\/CD Errors:/)
  } finally {
    await rm(join(work, 'functions', 'broken.yaml'))
    await ok(git(['commit', '-am', 'fix'], work))
    await ok(git(['push'], work))
  }
  const again = await dream('inject', 'push-config', name, '--wait')
  assert.equal(again.code, 0, describe(again))
})

test('unknown project: exit 1 with a one-line message', async () => {
  const line = oneLineError(
    await dream('new', 'function', 'f', '--project', 'no_such_project', '--template', 'ping_pong', '-u', name)
  )
  assert.match(line, /^Error: .*no_such_project/)
  assert.match(
    oneLineError(await dream('new', 'domain', 'd', '--project', 'no_such_project', '-u', name)),
    /no_such_project/
  )
  assert.match(oneLineError(await dream('builds', '--project', 'no_such_project', '-u', name)), /no_such_project/)
  assert.match(oneLineError(await dream('inject', 'push-all', name, '--project', 'no_such_project')), /no_such_project/)
})

test('unknown template: exit 1 with a one-line message that lists the templates', async () => {
  const line = oneLineError(
    await dream('new', 'function', 'f', '--project', 'walk', '--template', 'no_such_template', '-u', name)
  )
  assert.match(line, /^Error: .*no_such_template/)
  assert.match(line, /\becho\b/)
  assert.match(line, /\bping_pong\b/)
})

test('unknown job: `dream logs` exits 1 with a one-line message', async () => {
  assert.match(oneLineError(await dream('logs', 'QmNoSuchJob', '-u', name)), /QmNoSuchJob/)
})
