/**
 * ping_pong served by substrate (Host routing, the hot inline path) against a plain
 * `node:http` hello world, both under the same autocannon load; p50 at one connection; the cold start of a fresh
 * function; ping_pong's throughput while another function loops.
 *
 * Where things run, deliberately: both servers under test are child processes (`node -e` for the hello world,
 * `node bin/dream.js new multiverse --no-webhooks` for dream, set up with the CLI as the walkthrough does), and
 * autocannon runs here, in the bench process, which serves nothing. So the load generator never shares an event
 * loop with a server, and both servers face the same client. On a 2-core machine the client takes about one
 * core in both cases. Webhooks are off so that no build runs in the background while a measurement runs: every
 * build is started by `dream inject push-all --wait`, which returns when it has finished.
 *
 * Latencies are taken from autocannon's per-response times (fractional ms, recorded here) rather than its
 * histogram, which rounds to whole milliseconds and cannot tell 0.3 ms from 0.9 ms.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { createRequire } from 'node:module'
import { createInterface } from 'node:readline'
import { Console } from '../src/console/console.js'
import type { ConsoleSession } from '../src/console/session.js'
import { DreamProcess, dreamEnv, runDream, type RunResult } from '../test/helpers/cli.js'
import { addCustomFunction, hostRequest, waitForBody } from '../test/helpers/serving.js'
import { DEFAULT_UNIVERSE } from '../src/shared/defaults.js'
import { since, type BenchContext, type Row } from './lib/section.js'

export const title = 'serving: ping_pong through substrate vs a node:http hello world'
export const order = 40

/** Seconds of each 10-connection load (10 s by default); DREAM_BENCH_SECONDS shortens it for a try-out. */
const SECONDS = Number(process.env.DREAM_BENCH_SECONDS ?? 10)
const ONE_CONN_SECONDS = Math.max(1, Math.round(SECONDS / 2))
const CONNECTIONS = 10
const WARMUP_SECONDS = 3
/** The looping function's execution.timeout: each of its calls holds a worker this long, then gets a 504. */
const LOOP_TIMEOUT = '10s'
const READY = new RegExp(`^\\[SUCCESS\\] Universe ${DEFAULT_UNIVERSE} started!$`)

// ---------------------------------------------------------------------------------------------- autocannon

interface CannonResult {
  duration: number
  errors: number
  timeouts: number
  non2xx: number
  mismatches: number
  '2xx': number
}
interface CannonInstance {
  on: (e: 'response', f: (client: unknown, status: number, bytes: number, ms: number) => void) => void
}
type Autocannon = (o: Record<string, unknown>, cb: (err: Error | null, r: CannonResult) => void) => CannonInstance
const autocannon = createRequire(import.meta.url)('autocannon') as Autocannon

export interface Load {
  rps: number
  p50: number
  p99: number
  ok: number
  bad: number
}

function percentile(sorted: Float64Array, p: number): number {
  if (sorted.length === 0) return Number.NaN
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN
}

/** `connections` keep-alive connections for `seconds` against 127.0.0.1:`port` with Host `host`; latencies in ms. */
export async function load(
  port: number,
  host: string,
  path: string,
  connections: number,
  seconds: number,
  expectBody: string
): Promise<Load> {
  let lat = new Float64Array(1 << 16)
  let n = 0
  const result = await new Promise<CannonResult>((resolve, reject) => {
    const inst = autocannon(
      { url: `http://127.0.0.1:${port}${path}`, connections, duration: seconds, headers: { host }, expectBody },
      (err, r) => {
        if (err !== null) reject(err)
        else resolve(r)
      }
    )
    inst.on('response', (_c, status, _b, ms) => {
      if (status < 200 || status >= 300) return
      if (n === lat.length) {
        const bigger = new Float64Array(lat.length * 2)
        bigger.set(lat)
        lat = bigger
      }
      lat[n++] = ms
    })
  })
  const sorted = lat.subarray(0, n).sort()
  return {
    rps: result['2xx'] / result.duration,
    p50: percentile(sorted, 50),
    p99: percentile(sorted, 99),
    ok: result['2xx'],
    bad: result.non2xx + result.errors + result.timeouts + result.mismatches
  }
}

// ---------------------------------------------------------------------------------------------- servers

/** A plain node:http hello world in a child process; resolves with its port. */
export async function startHello(): Promise<{ port: number; child: ChildProcess }> {
  const code =
    "require('http').createServer((q, s) => { s.end('hello world') })" +
    ".listen(0, '127.0.0.1', function () { console.log(this.address().port) })"
  const child = spawn(process.execPath, ['-e', code], { stdio: ['ignore', 'pipe', 'inherit'] })
  const port = await new Promise<number>((resolve, reject) => {
    const rl = createInterface({ input: child.stdout as NodeJS.ReadableStream })
    rl.once('line', l => {
      rl.close()
      resolve(Number(l))
    })
    child.once('exit', c => {
      reject(new Error(`hello world exited (${String(c)}) before listening`))
    })
  })
  return { port, child }
}

export async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return
  const exited = new Promise<void>(resolve => {
    child.once('exit', () => {
      resolve()
    })
  })
  child.kill('SIGTERM')
  await exited
}

export interface Dream {
  process: DreamProcess
  cli: (...args: string[]) => Promise<RunResult>
  apiPort: number
  cleanup: () => Promise<void>
}

/** `dream new multiverse --no-webhooks` in the background, with a temporary HOME and a free API port. */
export async function startDream(): Promise<Dream> {
  const env = await dreamEnv()
  const p = await DreamProcess.start(['new', 'multiverse', '--no-webhooks', '--api-port', String(env.apiPort)], {
    home: env.home,
    apiPort: env.apiPort
  })
  try {
    await p.waitForLine(READY, 120_000)
  } catch (err) {
    await p.stop('SIGKILL').catch(() => {})
    await env.cleanup()
    throw err
  }
  const cli = async (...args: string[]): Promise<RunResult> => {
    const r = await runDream(args, { home: env.home, apiPort: env.apiPort, timeoutMs: 300_000 })
    if (r.code !== 0) throw new Error(`dream ${args.join(' ')} exited ${String(r.code)}\n${r.stdout}\n${r.stderr}`)
    return r
  }
  return {
    process: p,
    cli,
    apiPort: env.apiPort,
    cleanup: async () => {
      const exit = await p.stop('SIGTERM', 60_000).catch(() => undefined)
      await env.cleanup()
      if (exit !== undefined && exit.code !== 0)
        throw new Error(`dream exited ${JSON.stringify(exit)}\n${p.describe()}`)
    }
  }
}

const jsonOf = <T>(r: RunResult): T => JSON.parse(r.stdout) as T

// ---------------------------------------------------------------------------------------------- the section

/** A new ping_pong function in `project` (which must exist), as `dream new function --json` reports it. */
export async function newPingPong(
  d: Dream,
  project: string,
  language: 'go' | 'assemblyscript'
): Promise<{ fqdn: string }> {
  const args = ['--project', project, '--template', 'ping_pong', '--language', language, '--json']
  return jsonOf<{ fqdn: string }>(await d.cli('new', 'function', 'ping_pong', ...args))
}

export async function run(ctx: BenchContext): Promise<Row[]> {
  const hello = await startHello()
  let dream: Dream | undefined
  const rows = {
    helloRps: [] as number[],
    helloP50: [] as number[],
    helloP99: [] as number[],
    pingRps: [] as number[],
    pingP50: [] as number[],
    pingP99: [] as number[],
    ratio: [] as number[],
    oneP50: [] as number[],
    oneP99: [] as number[],
    oneRps: [] as number[],
    loopRps: [] as number[],
    loopP99: [] as number[],
    loopRatio: [] as number[],
    cold: [] as number[],
    coldTries: [] as number[],
    warm: [] as number[]
  }
  let bad = 0
  try {
    dream = await startDream()
    const d = dream
    ctx.progress('dream is up; creating project bench with ping_pong and a looping function')
    await d.cli('new', 'project', 'bench')
    const ping = await newPingPong(d, 'bench', 'assemblyscript')
    // The looping function is test/data/functions/loop, deployed as the Console would: template, new source, YAML.
    const session = (await (
      await fetch(`http://127.0.0.1:${d.apiPort}/console/${DEFAULT_UNIVERSE}`)
    ).json()) as ConsoleSession
    const c = new Console(session)
    const loop = await addCustomFunction(c, session, await c.project('bench'), { name: 'loop', timeout: LOOP_TIMEOUT })
    await d.cli('inject', 'push-all', '--wait')
    const port = jsonOf<{ value: { http: number } }>(await d.cli('status', 'substrate', '--json')).value.http
    await waitForBody(port, ping.fqdn, '/ping', 'PONG')
    // Warm-up, not measured: JIT, the substrate's workers and both servers' sockets reach their steady state.
    ctx.progress('warming up both servers')
    await load(hello.port, '127.0.0.1', '/', CONNECTIONS, WARMUP_SECONDS, 'hello world')
    await load(port, ping.fqdn, '/ping', CONNECTIONS, WARMUP_SECONDS, 'PONG')

    for (let i = 0; i < ctx.runs; i++) {
      const a = await load(hello.port, '127.0.0.1', '/', CONNECTIONS, SECONDS, 'hello world')
      const b = await load(port, ping.fqdn, '/ping', CONNECTIONS, SECONDS, 'PONG')
      const one = await load(port, ping.fqdn, '/ping', 1, ONE_CONN_SECONDS, 'PONG')
      // ping_pong again, while one call of `loop` is always running (a new one starts as soon as one times out).
      let looping = true
      let loops = 0
      const keeper = (async () => {
        while (looping) {
          await hostRequest(port, loop.fqdn, '/loop', { timeoutMs: 60_000 }).catch(() => undefined)
          loops++
        }
      })()
      // Give the first loop call the moment it needs to reach a worker (a bench, not a test: a pause is fine here).
      await new Promise(resolve => setTimeout(resolve, 300))
      const l = await load(port, ping.fqdn, '/ping', CONNECTIONS, SECONDS, 'PONG')
      looping = false
      await keeper
      bad += a.bad + b.bad + one.bad + l.bad
      rows.helloRps.push(a.rps)
      rows.helloP50.push(a.p50)
      rows.helloP99.push(a.p99)
      rows.pingRps.push(b.rps)
      rows.pingP50.push(b.p50)
      rows.pingP99.push(b.p99)
      rows.ratio.push(b.rps / a.rps)
      rows.oneP50.push(one.p50)
      rows.oneP99.push(one.p99)
      rows.oneRps.push(one.rps)
      rows.loopRps.push(l.rps)
      rows.loopP99.push(l.p99)
      rows.loopRatio.push(l.rps / b.rps)
      ctx.progress(
        `run ${i + 1}/${ctx.runs}: hello ${a.rps.toFixed(0)} req/s (p50 ${a.p50.toFixed(2)} ms), ` +
          `ping_pong ${b.rps.toFixed(0)} req/s (p50 ${b.p50.toFixed(2)} ms, p99 ${b.p99.toFixed(2)} ms), ` +
          `ratio ${(b.rps / a.rps).toFixed(2)}; 1 conn p50 ${one.p50.toFixed(3)} ms; ` +
          `with a loop ${l.rps.toFixed(0)} req/s (${loops} loop calls); ` +
          `non-2xx/errors ${a.bad + b.bad + one.bad + l.bad}`
      )
    }

    // Cold start: a fresh project and function each time (new fqdn, nothing cached), timed from the moment
    // `dream inject push-all --wait` has returned to the first 200; then one more request, warm.
    for (let i = 0; i < ctx.runs; i++) {
      const project = `cold${i}`
      await d.cli('new', 'project', project)
      const f = await newPingPong(d, project, 'assemblyscript')
      await d.cli('inject', 'push-all', '--project', project, '--wait')
      const t0 = performance.now()
      let tries = 0
      for (;;) {
        tries++
        const r = await hostRequest(port, f.fqdn, '/ping')
        if (r.status === 200 && r.body === 'PONG') break
        if (since(t0) > 60_000) throw new Error(`no PONG from ${f.fqdn} 60 s after push-all: ${r.status} ${r.body}`)
      }
      rows.cold.push(since(t0))
      rows.coldTries.push(tries)
      const w0 = performance.now()
      await hostRequest(port, f.fqdn, '/ping')
      rows.warm.push(since(w0))
      ctx.progress(
        `cold start ${i + 1}/${ctx.runs}: ${rows.cold.at(-1)?.toFixed(1) ?? '?'} ms (${tries} request(s)), ` +
          `then warm ${rows.warm.at(-1)?.toFixed(2) ?? '?'} ms`
      )
    }
  } finally {
    await stopChild(hello.child)
    await dream?.cleanup()
  }
  // Row units are the section's; sub-millisecond latencies are shown in µs and the ratios as plain numbers.
  const us = 'µs' as Row['unit']
  const x = '×' as Row['unit']
  const toUs = (xs: number[]): number[] => xs.map(v => v * 1000)
  const conns = `${CONNECTIONS} conns, ${SECONDS} s`
  return [
    { measure: `(a) node:http hello world, ${conns}`, unit: 'req/s', samples: rows.helloRps },
    { measure: '(a) hello world p50', unit: us, samples: toUs(rows.helloP50) },
    { measure: '(a) hello world p99', unit: us, samples: toUs(rows.helloP99) },
    { measure: `(b) ping_pong via substrate (Host routing), ${conns}`, unit: 'req/s', samples: rows.pingRps },
    { measure: '(b) ping_pong p50', unit: us, samples: toUs(rows.pingP50) },
    { measure: '(b) ping_pong p99', unit: us, samples: toUs(rows.pingP99) },
    { measure: 'ratio b/a (req/s)', unit: x, samples: rows.ratio, target: 0.5, higherIsBetter: true },
    {
      measure: `ping_pong p50, 1 connection, ${ONE_CONN_SECONDS} s`,
      unit: us,
      samples: toUs(rows.oneP50),
      target: 1000
    },
    { measure: 'ping_pong p99, 1 connection', unit: us, samples: toUs(rows.oneP99) },
    { measure: 'ping_pong req/s, 1 connection', unit: 'req/s', samples: rows.oneRps },
    {
      measure: 'cold start: first request after push-all --wait',
      unit: 'ms',
      samples: rows.cold,
      target: 50,
      note: `requests until PONG: ${rows.coldTries.join(',')}`
    },
    { measure: 'the next request (warm)', unit: us, samples: toUs(rows.warm) },
    {
      measure: `ping_pong while another function loops (timeout ${LOOP_TIMEOUT}), ${conns}`,
      unit: 'req/s',
      samples: rows.loopRps
    },
    { measure: 'ping_pong p99 while looping', unit: us, samples: toUs(rows.loopP99) },
    {
      measure: 'with loop / without (req/s)',
      unit: x,
      samples: rows.loopRatio,
      target: 0.5,
      higherIsBetter: true,
      ...(bad > 0 ? { note: `${bad} non-2xx/errors under load` } : {})
    }
  ]
}
