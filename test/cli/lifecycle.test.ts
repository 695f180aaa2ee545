/**
 * The daemon's life cycle and the CLI's own surface, with the built `dream` executable as real processes:
 * SIGHUP, a killed parent (the `npx` wrapper case), `--daemon` + `dream stop`, `--version`, completion scripts,
 * `status --help`, and a description on every option.
 */
import { after, before, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { spawn } from 'node:child_process'
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { CommandUnknownOpts as Command } from '@commander-js/extra-typings'
import { buildProgram } from '../../src/cli/program.js'
import { bashCompletes, DREAM_BIN, dreamEnv, runDream, startMultiverse, type RunResult } from '../helpers/cli.js'
import { freePort, openPorts, waitFor } from '../helpers/universe.js'

const show = (r: RunResult): string => `exit ${String(r.code)}\n--- stdout ---\n${r.stdout}--- stderr ---\n${r.stderr}`

/** True while `pid` runs (an exited process nobody has reaped yet counts as gone). */
async function running(pid: number): Promise<boolean> {
  try {
    process.kill(pid, 0)
  } catch {
    return false
  }
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => '')
  return stat !== '' && !/\) Z /.test(stat)
}

describe('the CLI surface', { timeout: 60_000 }, () => {
  test('--version and `version` print the package version', async () => {
    const { version } = JSON.parse(await readFile(join(DREAM_BIN, '..', '..', 'package.json'), 'utf8')) as {
      version: string
    }
    for (const args of [['--version'], ['version']]) {
      const r = await runDream(args)
      assert.equal(r.code, 0, show(r))
      assert.equal(r.stdout, `${version}\n`)
    }
  })

  test('completion: bash completes commands and options; zsh and fish get scripts; other shells fail', async () => {
    const script = (await runDream(['completion', 'bash'])).stdout
    const complete = async (...ws: string[]): Promise<string[]> => await bashCompletes(script, ...ws)
    assert.deepEqual(await complete('dream', 'lo'), ['logs'])
    assert.deepEqual(await complete('dream', 'new', 'mu'), ['multiverse'])
    assert.ok((await complete('dream', 'logs', '--fo')).includes('--follow'))
    assert.match((await runDream(['completion', 'zsh'])).stdout, /bashcompinit/)
    assert.match((await runDream(['completion', 'fish'])).stdout, /^complete -c dream /m)
    const bad = await runDream(['completion', 'tcsh', '--json'])
    assert.equal(bad.code, 1)
  })

  test('status --help shows the service form', async () => {
    const r = await runDream(['status', '--help'])
    assert.equal(r.code, 0, show(r))
    assert.match(r.stdout, /dream status <service> \[universe\]/)
  })

  test('every option of every command has a description', () => {
    const sink = { write: () => true } as unknown as NodeJS.WritableStream
    const program = buildProgram({ out: sink, err: sink } as never, () => {})
    const missing: string[] = []
    const walk = (c: Command, path: string): void => {
      for (const o of c.options) if (o.description.trim() === '') missing.push(`${path} ${o.flags}`)
      for (const sub of c.commands) walk(sub, `${path} ${sub.name()}`)
    }
    walk(program, 'dream')
    assert.deepEqual(missing, [])
  })

  test('every command with --json answers an error as one JSON document on stdout, exit 1', async () => {
    const sink = { write: () => true } as unknown as NodeJS.WritableStream
    const program = buildProgram({ out: sink, err: sink } as never, () => {})
    // Each command line that takes --json, with a placeholder for every argument and required option.
    const lines: string[][] = []
    const walk = (c: Command, path: string[]): void => {
      if (c.options.some(o => o.long === '--json')) {
        const args = c.registeredArguments.map(() => 'x')
        const opts = c.options.filter(o => o.mandatory).flatMap(o => [o.long ?? '', 'x'])
        lines.push([...path, ...args, ...opts, '--json'])
      }
      for (const sub of c.commands) walk(sub, [...path, sub.name()])
    }
    walk(program, [])
    assert.ok(lines.length >= 10, lines.map(l => l.join(' ')).join('\n'))
    const port = await freePort()
    for (const args of lines) {
      const r = await runDream(args, { apiPort: port })
      assert.equal(r.code, 1, `dream ${args.join(' ')}: ${show(r)}`)
      const doc = JSON.parse(r.stdout) as { error: { code: string; message: string } }
      assert.equal(doc.error.code, 'DAEMON_NOT_RUNNING', `dream ${args.join(' ')}`)
      assert.ok(doc.error.message.includes(String(port)))
    }
  })
})

describe('the daemon life cycle', { timeout: 240_000 }, () => {
  let env: Awaited<ReturnType<typeof dreamEnv>>
  before(async () => {
    env = await dreamEnv()
  })
  after(async () => {
    await env?.cleanup()
  })

  test('SIGHUP stops the foreground daemon; --verbose logs debug lines, DREAM_LOG=error hides them', async () => {
    const d = await startMultiverse({ home: env.home, args: ['--api-port', String(env.apiPort), '--verbose'] })
    const exit = await d.stop('SIGHUP', 60_000)
    assert.equal(exit.code, 0, d.describe())
    assert.match(d.stdout, /\[SUCCESS\] Dream stopped/)
    assert.match(d.stderr, /^\[DEBUG\] /m, 'the nodes log at debug level')
    assert.deepEqual(await openPorts([env.apiPort]), [])

    const q = await startMultiverse({
      home: env.home,
      args: ['--api-port', String(env.apiPort)],
      env: { DREAM_LOG: 'error' }
    })
    assert.equal((await q.stop('SIGHUP', 60_000)).code, 0, q.describe())
    assert.doesNotMatch(q.stderr, /^\[(DEBUG|INFO|WARN)\] /m, q.describe())
  })

  test('when the process that started it is killed, the daemon stops and frees its ports', async () => {
    const log = join(env.home, 'orphan.log')
    // A stand-in for npx's wrapper: starts the daemon with its output in a file and prints the daemon's pid.
    const wrapper = spawn(
      process.execPath,
      [
        '-e',
        `
      const fs = require('node:fs'); const { spawn } = require('node:child_process')
      const out = fs.openSync(${JSON.stringify(log)}, 'w')
      const args = [${JSON.stringify(DREAM_BIN)}, 'new', 'multiverse', '--api-port', '${env.apiPort}']
      const env = { ...process.env, HOME: ${JSON.stringify(env.home)}, NO_COLOR: '1' }
      const d = spawn(process.execPath, args, { stdio: ['ignore', out, out], env })
      console.log(d.pid)
      setInterval(() => {}, 1000)`
      ],
      { stdio: ['ignore', 'pipe', 'inherit'] }
    )
    let pid = 0
    try {
      pid = await new Promise<number>(resolve => {
        wrapper.stdout.once('data', (b: Buffer) => {
          resolve(Number(b.toString().trim()))
        })
      })
      await waitFor('the daemon to start', async () => /Universe blackhole started/.test(await readFile(log, 'utf8')), {
        timeoutMs: 120_000,
        intervalMs: 100
      })
    } finally {
      wrapper.kill('SIGKILL')
    }
    await waitFor('the orphaned daemon to exit', async () => !(await running(pid)), {
      timeoutMs: 60_000,
      intervalMs: 100
    })
    const text = await readFile(log, 'utf8')
    assert.match(text, /Stopping \(parent gone\)/)
    assert.match(text, /\[SUCCESS\] Dream stopped/)
    assert.deepEqual(await openPorts([env.apiPort]), [])
  })

  test('--daemon returns once ready, with log and pid under the state folder; dream stop ends it', async () => {
    const dream = async (...args: string[]): Promise<RunResult> =>
      await runDream(args, { home: env.home, apiPort: env.apiPort, timeoutMs: 180_000 })
    const started = await dream('new', 'multiverse', '--daemon', '--api-port', String(env.apiPort))
    assert.equal(started.code, 0, show(started))
    // The log holds the daemon's stderr too, so the two start lines are looked for in order, not first.
    assert.ok(started.stdout.includes('[INFO] Dreamland ready\n[SUCCESS] Universe blackhole started!\n'), show(started))
    assert.match(started.stdout, /stop with Ctrl-C or `dream stop`/)
    const pidFile = join(env.home, '.cache', 'dream', `daemon-${env.apiPort}.pid`)
    const pid = Number((await readFile(pidFile, 'utf8')).trim())
    assert.ok(started.stdout.includes(`pid ${pid}`), show(started))
    assert.ok(await running(pid))
    assert.equal((await dream('status', 'id')).code, 0, 'the background daemon answers')

    const stopped = await dream('stop', '--json')
    assert.equal(stopped.code, 0, show(stopped))
    assert.deepEqual(JSON.parse(stopped.stdout), { stopped: true, api: `http://127.0.0.1:${env.apiPort}`, pid })
    assert.equal(await running(pid), false, 'dream stop returns once the process is gone')
    assert.match(
      await readFile(join(env.home, '.cache', 'dream', `daemon-${env.apiPort}.log`), 'utf8'),
      /\[SUCCESS\] Dream stopped/
    )
    assert.equal(await readFile(pidFile, 'utf8').catch(() => 'gone'), 'gone', 'the pid file goes with the process')
    const again = await dream('stop', '--json')
    assert.equal(again.code, 1)
    assert.equal((JSON.parse(again.stdout) as { error: { code: string } }).error.code, 'DAEMON_NOT_RUNNING')
  })
})
