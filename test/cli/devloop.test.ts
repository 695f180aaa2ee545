/**
 * The developer loop with the built `dream` executable against a real daemon (`dream new multiverse` on a
 * kernel-chosen API port) and the real git CLI: the start banner, `remote:` lines on git push, `dream logs -f` to a
 * job's end (by prefix and `latest`), function logs followed live, the daemon's job-end lines, `dream ls` with its
 * curl lines, the substrate's 404 naming the paths a host serves, the --json contract, and `dream stop`.
 */
import { after, before, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { DreamProcess, dreamEnv, runDream, startMultiverse, type RunResult } from '../helpers/cli.js'
import { isolatedGit, ok, tempDir } from '../helpers/githost.js'
import { hostRequest } from '../helpers/serving.js'
import { openPorts, waitFor } from '../helpers/universe.js'

const show = (r: RunResult): string => `exit ${String(r.code)}\n--- stdout ---\n${r.stdout}--- stderr ---\n${r.stderr}`

describe('the developer loop', { timeout: 400_000 }, () => {
  let env: Awaited<ReturnType<typeof dreamEnv>>
  let tmp: Awaited<ReturnType<typeof tempDir>>
  let daemon: DreamProcess
  let git: ReturnType<typeof isolatedGit>
  let codeUrl = ''
  let fqdn = ''
  let substrate = 0
  const work = (): string => join(tmp.path, 'code')
  const dream = async (...args: string[]): Promise<RunResult> =>
    await runDream(args, { apiPort: env.apiPort, home: env.home, timeoutMs: 180_000 })
  const jobsOf = async (project: string): Promise<Array<{ id: string; status: string; type: string }>> =>
    (
      JSON.parse((await dream('builds', '--project', project, '--json')).stdout) as {
        jobs: Array<{ id: string; status: string; type: string }>
      }
    ).jobs
  /** Edits the function's source, commits and pushes with the real git; returns git's stderr and the commit. */
  const pushSource = async (
    edit: (src: string) => string,
    message: string
  ): Promise<{ stderr: string; commit: string }> => {
    const file = join(work(), 'functions', 'ping_pong', 'ping_pong.ts')
    await writeFile(file, edit(await readFile(file, 'utf8')))
    await ok(git(['commit', '-qam', message], work()))
    const pushed = await git(['push'], work())
    assert.equal(pushed.code, 0, pushed.stderr)
    return { stderr: pushed.stderr, commit: (await ok(git(['rev-parse', 'HEAD'], work()))).trim() }
  }
  /** The job id a push's `remote:` line names, checked against the exact form. */
  const queuedJob = (stderr: string, commit: string): string => {
    const m = /^remote: dream: code job (Qm\w+) queued for tb_code_loop@(\w{7}) — dream logs -f (Qm\w+)\s*$/m.exec(
      stderr
    )
    assert.ok(m !== null, `no remote: line about the job:\n${stderr}`)
    assert.equal(m[2], commit.slice(0, 7))
    assert.equal(m[1], m[3])
    return m[1] as string
  }

  before(async () => {
    env = await dreamEnv()
    tmp = await tempDir('dream-devloop-')
    git = isolatedGit(join(tmp.path, 'home'))
    daemon = await startMultiverse({ home: env.home, args: ['--api-port', String(env.apiPort)], timeoutMs: 120_000 })
  })
  after(async () => {
    await daemon?.stop('SIGTERM').catch(async () => {
      await daemon?.stop('SIGKILL')
    })
    await env?.cleanup()
    await tmp?.cleanup()
  })

  test('the banner follows the two exact start lines and says where everything is', async () => {
    await daemon.waitForLine(/stop with Ctrl-C or `dream stop`/)
    const lines = daemon.lines()
    assert.deepEqual(lines.slice(0, 2), ['[INFO] Dreamland ready', '[SUCCESS] Universe blackhole started!'])
    const text = lines.join('\n')
    assert.match(text, new RegExp(`control API +http://127\\.0\\.0\\.1:${env.apiPort}$`, 'm'))
    // The web console's line appears once the API serves a page at `/`; the same origin when it does.
    const consoleLine = /web console +(\S+)$/m.exec(text)?.[1]
    if (consoleLine !== undefined) assert.equal(consoleLine, `http://127.0.0.1:${env.apiPort}/`)
    assert.match(text, /git host +http:\/\/127\.0\.0\.1:\d+$/m)
    assert.match(text, /seer +dns \d+$/m)
    assert.match(text, /state +\/\S+$/m)
    const port = /substrate +http (\d+)/.exec(text)?.[1]
    assert.ok(port !== undefined, text)
    substrate = Number(port)
    const status = await dream('status', 'substrate')
    assert.ok(
      status.stdout.includes(`@ http://127.0.0.1:${substrate}`),
      'the banner port is the one `dream status substrate` shows'
    )
  })

  test('new function prints a paste-ready curl line; logs -f latest follows the newest job to success', async () => {
    const p = await dream('new', 'project', 'loop')
    assert.equal(p.code, 0, show(p))
    codeUrl = /(http:\/\/\S+tb_code_loop\.git)/.exec(p.stdout)?.[1] ?? ''
    const f = await dream(
      'new',
      'function',
      'ping_pong',
      '--project',
      'loop',
      '--template',
      'ping_pong',
      '--language',
      'assemblyscript'
    )
    assert.equal(f.code, 0, show(f))
    fqdn = /http:\/\/([a-z0-9.-]+\.blackhole\.localtau)\/ping/.exec(f.stdout)?.[1] ?? ''
    assert.ok(f.stdout.includes(`  curl -H "Host: ${fqdn}" http://127.0.0.1:${substrate}/ping\n`), show(f))
    // Every push of `new function` has answered with its jobs, so `latest` is the last of them.
    const follow = await dream('logs', '-f', 'latest', '--project', 'loop')
    assert.equal(follow.code, 0, show(follow))
    assert.match(follow.stdout, /Running job Qm\w+ was successful/)
    await waitFor(
      'every job of project loop to end',
      async () => (await jobsOf('loop')).every(j => j.status === 'succeeded' || j.status === 'failed'),
      { timeoutMs: 120_000, intervalMs: 200 }
    )
  })

  test('git push answers with its job; logs -f <prefix> streams it to the end; the daemon prints its end', async () => {
    await ok(git(['clone', codeUrl, work()]))
    const { stderr, commit } = await pushSource(
      s =>
        s
          .replace(
            'import { Event } from "sdk/event";',
            'import { Event } from "sdk/event";\nimport { log } from "sdk/log";'
          )
          .replace('"PONG"', '"PONG3"')
          .replace('let resp =', 'log("pinged");\n  let resp ='),
      'v3: PONG3 and a log line'
    )
    const id = queuedJob(stderr, commit)

    const follow = await dream('logs', '-f', id.slice(0, 12))
    assert.equal(follow.code, 0, show(follow))
    const lines = follow.stdout.trimEnd().split('\n')
    assert.match(lines[0] ?? '', new RegExp(`job ${id} \\(attempt 1\\)`))
    assert.match(lines.at(-1) ?? '', new RegExp(`Running job ${id} was successful`))
    assert.equal(new Set(lines).size, lines.length, 'no line twice')

    await daemon.waitForLine(
      new RegExp(`^job ${id} \\(code, loop\\) succeeded in [\\d.]+ s: 1 function live at ${commit.slice(0, 7)}$`),
      30_000
    )
    const served = await hostRequest(substrate, fqdn, '/ping')
    assert.equal(served.body, 'PONG3', 'served once logs -f has returned')

    const stored = await dream('logs', id, '--json')
    assert.equal(stored.code, 0, show(stored))
    const doc = JSON.parse(stored.stdout) as { job: { id: string; status: string }; log: string[] }
    assert.equal(doc.job.status, 'succeeded')
    assert.deepEqual(doc.log, lines)
  })

  test('logs -f --function streams what a function logs as it is called', async () => {
    const follow = await DreamProcess.start(['logs', '-f', '--function', 'ping_pong'], {
      apiPort: env.apiPort,
      home: env.home
    })
    try {
      // Calls until the follower has printed a line written after it started.
      await waitFor(
        'a followed function log line',
        async () => {
          await hostRequest(substrate, fqdn, '/ping')
          return follow.lines().some(l => / ping_pong: pinged$/.test(l))
        },
        { timeoutMs: 30_000, intervalMs: 300 }
      )
    } finally {
      const exit = await follow.stop('SIGINT')
      assert.equal(exit.code, 0, follow.describe())
    }
  })

  test('dream ls lists the route with a curl line that works; a 404 for the host names what it serves', async () => {
    const l = await dream('ls', '--project', 'loop')
    assert.equal(l.code, 0, show(l))
    const curl = `curl -H "Host: ${fqdn}" http://127.0.0.1:${substrate}/ping`
    assert.ok(l.stdout.includes(`function ping_pong: GET http://${fqdn}/ping\n    ${curl}\n`), show(l))
    const j = JSON.parse((await dream('ls', '--json')).stdout) as {
      projects: Array<{ name: string; routes: Array<{ curl: string }> }>
    }
    assert.deepEqual(
      j.projects.find(p => p.name === 'loop')?.routes.map(r => r.curl),
      [curl]
    )
    const missing = await hostRequest(substrate, fqdn, '/nope')
    assert.equal(missing.status, 404)
    assert.match(missing.body, new RegExp(`${fqdn.replaceAll('.', '\\.')} serves: GET /ping`))
  })

  test('a failing build: the push names its job, logs (-f) exit 1, the daemon prints the first error', async () => {
    const { stderr, commit } = await pushSource(s => s.replace('"PONG3"', 'PONG3 +'), 'broken')
    const id = queuedJob(stderr, commit)
    const follow = await dream('logs', '-f', id)
    assert.equal(follow.code, 1, show(follow))
    assert.match(follow.stdout, /CI\/CD Errors:/)
    // A compile error is the user's: it is not retried, so the log has one attempt.
    const starts = follow.stdout.split('\n').filter(l => l.includes(`job ${id} (attempt `))
    assert.equal(starts.length, 1, show(follow))
    assert.match(starts[0] ?? '', /\(attempt 1\)/)
    // The error names the file as it is in the repository, with the source line and a caret under the column
    // (each log line starts with its time).
    assert.match(follow.stdout, /^\S+Z functions\/ping_pong\/ping_pong\.ts:\d+:\d+: /m, show(follow))
    assert.match(follow.stdout, /^\S+Z +\d+ \| .*PONG3 \+/m, show(follow))
    assert.match(follow.stdout, /^\S+Z +\| +\^$/m, show(follow))
    const again = await dream('logs', id.slice(0, 8))
    assert.equal(again.code, 1, show(again))
    assert.match(again.stdout, /CI\/CD Errors:/)
    const ended = await daemon.waitForLine(new RegExp(`^job ${id} \\(code, loop\\) failed in [\\d.]+ s: `), 30_000)
    assert.match(ended, /failed in [\d.]+ s: functions\/ping_pong\/ping_pong\.ts:\d+:\d+: /, 'names file and line')
    await pushSource(s => s.replace('PONG3 +', '"PONG3"'), 'fixed')
  })

  test('--json: named states, and errors as {error: {code, message}} on stdout with exit 1', async () => {
    for (const j of await jobsOf('loop'))
      assert.ok(['open', 'running', 'succeeded', 'failed', 'cancelled'].includes(j.status), j.status)
    for (const args of [
      ['logs', 'QmNoSuchJob', '--json'],
      ['logs', '-f', 'QmNoSuchJob', '--json'],
      ['builds', '--project', 'nope', '--json'],
      ['ls', '--project', 'nope', '--json']
    ]) {
      const r = await dream(...args)
      assert.equal(r.code, 1, `${args.join(' ')}: ${show(r)}`)
      const e = JSON.parse(r.stdout) as { error: { code: string; message: string } }
      assert.match(e.error.code, /^[A-Z_]+$/, args.join(' '))
      assert.ok(e.error.message.length > 0)
    }
  })

  test('dream stop stops the daemon: exit 0, every port closed', async () => {
    const stopped = await dream('stop')
    assert.equal(stopped.code, 0, show(stopped))
    const exit = await daemon.wait(60_000)
    assert.equal(exit.code, 0, daemon.describe())
    assert.match(daemon.stdout, /\[SUCCESS\] Dream stopped/)
    assert.deepEqual(await openPorts([env.apiPort, substrate]), [])
  })
})
