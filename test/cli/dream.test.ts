/**
 * The built `dream` executable end to end: `dream new multiverse` in the background,
 * status commands against it, inject/kill, a second daemon on the busy port, SIGTERM → exit 0 with every port
 * closed; and the one-line message when no daemon runs.
 */
import { test, describe, after, before } from 'node:test'
import assert from 'node:assert/strict'
import type { Chart, ChartNode } from '../../src/index.js'
import {
  DreamProcess,
  dreamEnv,
  parseStatusTable,
  runDream,
  startMultiverse,
  tableValues,
  type RunResult
} from '../helpers/cli.js'
import { freePort, occupyPort, openPorts } from '../helpers/universe.js'

const ORDER = ['elder', 'client', 'auth', 'patrick', 'monkey', 'tns', 'hoarder', 'substrate', 'seer']

/** A user error: exit 1, nothing on stdout, one line on stderr. */
function oneLineError(r: RunResult): string {
  assert.equal(r.code, 1, `exit code\n${r.stdout}\n${r.stderr}`)
  assert.equal(r.stdout, '')
  const lines = r.stderr.trimEnd().split('\n')
  assert.equal(lines.length, 1, `one line, got:\n${r.stderr}`)
  assert.ok(!r.stderr.includes('    at '), 'no stack trace')
  return lines[0] ?? ''
}

function okRun(r: RunResult): string {
  assert.equal(r.code, 0, `exit code ${String(r.code)}\n${r.stdout}\n${r.stderr}`)
  return r.stdout
}

describe('dream with no daemon running', { timeout: 60_000 }, () => {
  test('status universe exits 1 with one line saying to run `dream new multiverse`', async () => {
    const port = await freePort()
    const msg = oneLineError(await runDream(['status', 'universe'], { apiPort: port }))
    assert.match(msg, /dream new multiverse/)
    assert.ok(msg.includes(String(port)), 'names the port it tried')
  })

  test('so does every command that needs the daemon, via --api-port too', async () => {
    const port = await freePort()
    for (const args of [
      ['status', 'substrate', '--api-port', String(port)],
      ['--api-port', String(port), 'status', 'id'],
      ['--api-port', String(port), 'inject', 'tns']
    ]) {
      assert.match(oneLineError(await runDream(args)), /dream new multiverse/, args.join(' '))
    }
  })
})

describe('dream new multiverse with a pinned port that is taken', { timeout: 60_000 }, () => {
  test('exits 1 with one line naming the port, and leaves nothing listening', async () => {
    const busy = await occupyPort()
    try {
      const apiPort = await freePort()
      const p = await DreamProcess.start([
        'new',
        'multiverse',
        '--api-port',
        String(apiPort),
        '--bind',
        `tns@${busy.port}/http`
      ])
      const exit = await p.wait(60_000)
      assert.deepEqual(await openPorts([apiPort]), [], 'the control API is closed again')
      assert.equal(exit.code, 1)
      const lines = p.stderr.trimEnd().split('\n')
      assert.equal(lines.length, 1, p.describe())
      assert.ok(lines[0]?.includes(String(busy.port)), p.describe())
    } finally {
      await busy.close()
    }
  })
})

describe('dream new multiverse in the background', { timeout: 240_000 }, () => {
  let env: Awaited<ReturnType<typeof dreamEnv>>
  let daemon: DreamProcess | undefined
  let chart: Chart
  const dream = async (...args: string[]): Promise<RunResult> =>
    await runDream(args, { apiPort: env.apiPort, home: env.home })
  const chartNow = async (): Promise<Chart> => JSON.parse(okRun(await dream('status', 'universe', '--json'))) as Chart
  const nodesOf = (c: Chart, role: string): ChartNode[] => c.nodes.filter(n => n.name === `${role}@blackhole`)

  before(async () => {
    env = await dreamEnv()
  })
  after(async () => {
    await daemon?.stop('SIGTERM').catch(async () => {
      await daemon?.stop('SIGKILL')
    })
    await env?.cleanup()
  })

  test('prints exactly "[INFO] Dreamland ready" then "[SUCCESS] Universe blackhole started!"', async () => {
    // The daemon gets its port from the flag only; status commands below use DREAM_API_PORT.
    daemon = await startMultiverse({ home: env.home, args: ['--api-port', String(env.apiPort)] })
    // The banner of where things are follows these two lines.
    assert.deepEqual(daemon.lines().slice(0, 2), ['[INFO] Dreamland ready', '[SUCCESS] Universe blackhole started!'])
    assert.equal(daemon.exit, undefined, 'stays in the foreground')
  })

  test('status universe lists elder, client and every service, in order, with their ports', async () => {
    const out = okRun(await dream('status', 'universe'))
    const values = tableValues(parseStatusTable(out))
    assert.deepEqual(
      [...values.keys()],
      [...ORDER, 'git'].map(r => `${r}@blackhole`)
    )
    assert.match(out.split('\n')[1] ?? '', /^│ Nodes │ elder@blackhole +│ p2p +│ +\d+ │$/)
    chart = await chartNow()
    for (const n of chart.nodes) assert.deepEqual(values.get(n.name), n.value, n.name)
    for (const role of ORDER.slice(2))
      assert.deepEqual(Object.keys(values.get(`${role}@blackhole`) ?? {}), ['copies', 'dns', 'http', 'p2p'])
    assert.deepEqual(
      tableValues(parseStatusTable(okRun(await dream('status', 'u', 'blackhole')))),
      values,
      'alias and explicit universe'
    )
  })

  test('status universe --json parses into the network graph', async () => {
    assert.deepEqual(
      chart.nodes.map(n => n.name),
      [...ORDER, 'git'].map(r => `${r}@blackhole`)
    )
    assert.deepEqual(
      chart.categories.map(c => c.name),
      [...ORDER, 'git']
    )
    assert.ok(Array.isArray(chart.links))
  })

  test('status substrate prints the "@ http://127.0.0.1:<port>" line, then its table', async () => {
    const out = okRun(await dream('status', 'substrate'))
    const lines = out.split('\n')
    assert.equal(lines[0], '')
    const m = /^@ http:\/\/127\.0\.0\.1:(\d+)$/.exec(lines[1] ?? '')
    assert.ok(m !== null, `second line: ${String(lines[1])}`)
    const [sub] = nodesOf(chart, 'substrate')
    assert.equal(Number(m[1]), sub?.value.http)
    const rows = parseStatusTable(out)
    assert.deepEqual(
      rows.map(r => r.key),
      ['copies', 'dns', 'http', 'p2p']
    )
    assert.deepEqual(tableValues(rows).get('substrate@blackhole'), sub?.value)
    // substrate serves functions on that port: with none registered, a 404 from that very node.
    const res = await fetch(`http://127.0.0.1:${m[1] ?? ''}/`, { signal: AbortSignal.timeout(10_000) })
    assert.equal(res.status, 404)
    assert.equal(res.headers.get('x-dream-node'), sub?.id)
    await res.arrayBuffer()
    const asJson = JSON.parse(okRun(await dream('status', 'substrate', '--json'))) as ChartNode
    assert.deepEqual(asJson, sub)
  })

  test('status id prints the universe id (and --json)', async () => {
    const { id } = JSON.parse(okRun(await dream('status', 'id', '--json'))) as { id: string }
    assert.match(id, /^Qm[1-9A-HJ-NP-Za-km-z]{44}$/)
    assert.equal(okRun(await dream('status', 'id')), `[SUCCESS] Universe id: ${id}\n`)
  })

  test('unknown names are one-line errors (exit 1) listing the valid ones', async () => {
    for (const args of [
      ['status', 'nosuch'],
      ['inject', 'nosuch'],
      ['kill', 'nosuch'],
      ['status', 'universe', 'nosuch']
    ]) {
      const msg = oneLineError(await dream(...args))
      assert.ok(msg.includes('nosuch'), `${args.join(' ')}: ${msg}`)
    }
    assert.match(oneLineError(await dream('inject', 'nosuch')), /tns/)
  })

  test("inject tns --copies 2 then kill tns: status follows, the killed copy's ports close", async () => {
    okRun(await dream('inject', 'tns', '--copies', '2'))
    const three = nodesOf(await chartNow(), 'tns')
    assert.equal(three.length, 3)
    assert.deepEqual(
      three.map(n => n.value.copies),
      [3, 3, 3]
    )
    assert.equal(new Set(three.flatMap(n => [n.value.p2p, n.value.http])).size, 6, 'each copy has its own ports')
    assert.equal(tableValues(parseStatusTable(okRun(await dream('status', 'tns')))).get('tns@blackhole')?.copies, 3)

    okRun(await dream('kill', 'tns'))
    const two = nodesOf(await chartNow(), 'tns')
    assert.deepEqual(
      two.map(n => n.id),
      three.slice(0, 2).map(n => n.id)
    )
    assert.deepEqual(
      two.map(n => n.value.copies),
      [2, 2]
    )
    const killed = three[2]
    assert.ok(killed !== undefined)
    assert.deepEqual(await openPorts([killed.value.p2p ?? 0, killed.value.http ?? 0]), [])
  })

  test('inject simple and kill simple', async () => {
    okRun(await dream('inject', 'simple', 'extra'))
    const c = await chartNow()
    const extra = c.nodes.find(n => n.name === 'extra@blackhole')
    assert.ok(extra !== undefined)
    okRun(await dream('kill', 'simple', 'extra'))
    assert.equal(
      (await chartNow()).nodes.some(n => n.name === 'extra@blackhole'),
      false
    )
    assert.deepEqual(await openPorts([extra.value.p2p ?? 0]), [])
  })

  test('new universe and kill universe change the running daemon', async () => {
    okRun(await dream('new', 'universe', 'second', '--enable', 'tns'))
    const values = tableValues(parseStatusTable(okRun(await dream('status', 'universe', 'second'))))
    assert.deepEqual([...values.keys()], ['elder@second', 'client@second', 'tns@second', 'git@second'])
    okRun(await dream('kill', 'universe', 'second'))
    oneLineError(await dream('status', 'universe', 'second'))
    const ports = [...values.values()].flatMap(v =>
      Object.entries(v)
        .filter(([k]) => k !== 'copies')
        .map(([, p]) => p)
    )
    assert.deepEqual(await openPorts(ports), [])
  })

  test('a second `dream new multiverse` on the busy port exits 1 with one line naming the port', async () => {
    const second = await DreamProcess.start(['new', 'multiverse', '--api-port', String(env.apiPort)], {
      home: env.home
    })
    const exit = await second.wait(60_000)
    const msg = oneLineError({ ...exit, stdout: second.stdout, stderr: second.stderr })
    assert.ok(msg.includes(String(env.apiPort)), msg)
    assert.match(msg, /--api-port|DREAM_API_PORT/, 'says how to choose another')
    assert.equal(daemon?.exit, undefined, 'the first daemon is untouched')
    okRun(await dream('status', 'id'))
  })

  test('SIGTERM stops every node, frees every port and exits 0', async () => {
    assert.ok(daemon !== undefined)
    const c = await chartNow()
    const ports = [
      env.apiPort,
      ...c.nodes.flatMap(n =>
        Object.entries(n.value)
          .filter(([k]) => k !== 'copies')
          .map(([, p]) => p)
      )
    ]
    assert.deepEqual(
      (await openPorts(ports)).sort(),
      [...new Set(ports)].sort(),
      'sanity: every port accepts before the signal'
    )
    const exit = await daemon.stop('SIGTERM', 60_000)
    assert.deepEqual(exit, { code: 0, signal: null }, daemon.describe())
    // After the start banner (whose last line says how to stop), only the two stop lines.
    const lines = daemon.lines()
    const tail = lines.slice(lines.findIndex(l => l.includes('stop with Ctrl-C')) + 1).filter(l => l !== '')
    assert.deepEqual(tail, ['[INFO] Received signal... Shutting down.', '[SUCCESS] Dream stopped'])
    assert.deepEqual(await openPorts(ports), [], 'every port refuses connections after exit')
    oneLineError(await dream('status', 'universe'))
  })
})
