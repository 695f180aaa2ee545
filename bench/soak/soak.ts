/**
 * `npm run soak` (not in CI): does dream hold up over a long run?
 *
 * 1. Leak cycles, in this process: SOAK_CYCLES (500) times, start a universe, inject a node, kill it, stop the
 *    universe. RSS, the heap after a full GC and open file descriptors are sampled after the warm-up, half-way and
 *    at the end; the second half must not grow.
 * 2. Load, against `dream new multiverse` in a child process: `wrk` with 200 connections on ping_pong for
 *    SOAK_MINUTES (10), in three equal parts, while pushes (push-all, waited for), inject/kill of a node and
 *    new/kill of a second universe go on. Requests, errors, and the daemon's RSS and fds per part; at the end every
 *    push must have its finished job.
 * 3. Streams, against the same daemon after the load: SSE_SUBSCRIBERS (1,000) subscribers to function-log streams
 *    at once; how many are served and how many refused (429), and how long /ping takes with them open.
 *
 * Prints one line per sample and a verdict; exits 1 if the verdict is not "held".
 */
import { execFile } from 'node:child_process'
import { type ClientRequest, request } from 'node:http'
import { readdirSync, readFileSync } from 'node:fs'
import { promisify } from 'node:util'
import { MAX_SUBSCRIBERS } from '../../src/api/stream-bounds.js'
import { createUniverse, silent } from '../../src/index.js'
import { DreamProcess, dreamEnv, runDream } from '../../test/helpers/cli.js'
import { waitForBody } from '../../test/helpers/serving.js'

const CYCLES = Number(process.env.SOAK_CYCLES ?? 500)
const MINUTES = Number(process.env.SOAK_MINUTES ?? 10)
const CONNECTIONS = 200
/** Cycles run before the first sample: JIT and caches warm up. */
const WARMUP = Math.min(20, Math.floor(CYCLES / 10))
/**
 * Growth over the second half of the cycles still called flat. RSS swings by ±60 MB between samples as V8 grows
 * and shrinks its reserved heap, so RSS is compared peak to peak; the heap after a full GC is steady to a few MB.
 */
const FLAT_HEAP_MB = 20
const FLAT_RSS_MB = 64
const FLAT_FDS = 10
const SSE_SUBSCRIBERS = Number(process.env.SOAK_SSE_SUBSCRIBERS ?? 1000)
/** /ping with every subscriber open must answer within this. */
const SSE_PING_MS = 1000
/** Samples taken over the cycles (start, middle and end are printed). */
const SAMPLES = 10

interface Sample {
  rssMb: number
  heapMb: number
  fds: number
}
const mb = (b: number): number => Math.round(b / 1048576)

function sampleSelf(): Sample {
  globalThis.gc?.()
  const m = process.memoryUsage()
  return { rssMb: mb(m.rss), heapMb: mb(m.heapUsed + m.external), fds: readdirSync('/proc/self/fd').length }
}

function sampleProcess(pid: number): Omit<Sample, 'heapMb'> {
  const rss = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? '0'
  return { rssMb: Math.round(Number(rss) / 1024), fds: readdirSync(`/proc/${pid}/fd`).length }
}

const show = (s: Partial<Sample>): string =>
  `RSS ${s.rssMb} MB${s.heapMb !== undefined ? `, heap+external ${s.heapMb} MB` : ''}, fds ${s.fds}`

async function leakCycles(): Promise<boolean> {
  const samples: Sample[] = []
  const every = Math.max(1, Math.floor((CYCLES - WARMUP) / SAMPLES))
  const t0 = Date.now()
  for (let i = 0; i <= CYCLES; i++) {
    if (i >= WARMUP && ((i - WARMUP) % every === 0 || i === CYCLES)) {
      samples.push(sampleSelf())
      const k = samples.length - 1
      if (k === 0 || k === Math.floor(SAMPLES / 2) || i === CYCLES) {
        console.log(`cycles ${String(i).padStart(4)}/${CYCLES}: ${show(samples[k] as Sample)}`)
      }
    }
    if (i === CYCLES) break
    const u = createUniverse({ name: `soak-${process.pid}-${i}`, services: ['tns'], log: silent })
    await u.start()
    await u.addService('seer')
    await u.kill('seer')
    await u.stop()
  }
  const half = Math.ceil(samples.length / 2)
  const mid = samples[half - 1] as Sample
  const end = samples.at(-1) as Sample
  const peak = (xs: Sample[]): number => Math.max(...xs.map(x => x.rssMb))
  const rssGrowth = peak(samples.slice(half)) - peak(samples.slice(0, half))
  const flat = rssGrowth <= FLAT_RSS_MB && end.heapMb - mid.heapMb <= FLAT_HEAP_MB && end.fds - mid.fds <= FLAT_FDS
  const seconds = Math.round((Date.now() - t0) / 1000)
  console.log(
    `cycles: ${CYCLES} universes started, injected, killed, stopped in ${seconds} s;` +
      ` second half: peak RSS ${rssGrowth >= 0 ? '+' : ''}${rssGrowth} MB, heap ${end.heapMb - mid.heapMb} MB,` +
      ` fds ${end.fds - mid.fds}: ${flat ? 'flat' : 'GROWING'}`
  )
  return flat
}

/** Opens SSE_SUBSCRIBERS function-log streams (40 filters) at once, times /ping, closes them; true when bounded. */
async function sseSubscribers(apiPort: number): Promise<boolean> {
  const open: ClientRequest[] = []
  const statuses = await Promise.all(
    Array.from(
      { length: SSE_SUBSCRIBERS },
      async (_, i) =>
        await new Promise<number>(resolve => {
          const req = request({
            host: '127.0.0.1',
            port: apiPort,
            path: `/stream/function-logs/blackhole?function=f${i % 40}`
          })
          open.push(req)
          req.on('response', res => {
            resolve(res.statusCode ?? 0)
            if (res.statusCode !== 200) res.resume()
          })
          req.on('error', () => {
            resolve(0)
          })
          req.end()
        })
    )
  )
  const t0 = performance.now()
  const ping = await fetch(`http://127.0.0.1:${apiPort}/ping`)
  const pingMs = Math.round(performance.now() - t0)
  for (const r of open) r.destroy()
  const served = statuses.filter(s => s === 200).length
  const refused = statuses.filter(s => s === 429).length
  const bounded = ping.ok && served <= MAX_SUBSCRIBERS && served + refused === SSE_SUBSCRIBERS && pingMs <= SSE_PING_MS
  console.log(
    `sse: ${SSE_SUBSCRIBERS} subscribers asked, ${served} served (bound ${MAX_SUBSCRIBERS}),` +
      ` ${refused} refused (429);` +
      ` /ping in ${pingMs} ms with them open: ${bounded ? 'bounded' : 'NOT BOUNDED'}`
  )
  return bounded
}

interface Wrk {
  requests: number
  errors: number
  non2xx: number
}

async function wrk(port: number, host: string, seconds: number): Promise<Wrk> {
  const { stdout } = await promisify(execFile)(
    'wrk',
    [
      '-t2',
      `-c${CONNECTIONS}`,
      `-d${seconds}s`,
      '--timeout',
      '10s',
      '-H',
      `Host: ${host}`,
      `http://127.0.0.1:${port}/ping`
    ],
    { maxBuffer: 1 << 20 }
  )
  const num = (re: RegExp): number => Number(re.exec(stdout)?.[1] ?? 0)
  const sock = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(stdout)
  const errors = sock === null ? 0 : sock.slice(1).reduce((a, b) => a + Number(b), 0)
  return { requests: num(/(\d+) requests in/), errors, non2xx: num(/Non-2xx or 3xx responses: (\d+)/) }
}

async function loadRun(): Promise<boolean> {
  const env = await dreamEnv()
  const dream = await DreamProcess.start(['new', 'multiverse', '--api-port', String(env.apiPort)], {
    home: env.home,
    apiPort: env.apiPort
  })
  const api = async (method: string, path: string, body?: object): Promise<unknown> => {
    const res = await fetch(`http://127.0.0.1:${env.apiPort}${path}`, {
      method,
      ...(body !== undefined ? { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) } : {})
    })
    const text = await res.text()
    if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${text}`)
    return text === '' ? null : JSON.parse(text)
  }
  const cli = async (...args: string[]): Promise<string> => {
    const r = await runDream(args, { home: env.home, apiPort: env.apiPort, timeoutMs: 300_000 })
    if (r.code !== 0) throw new Error(`dream ${args.join(' ')}: ${r.stderr}`)
    return r.stdout
  }
  let held = false
  try {
    await dream.waitForLine(/Universe blackhole started/, 120_000)
    const pid = dream.pid as number
    await cli('new', 'project', 'soak')
    const made = await cli('new', 'function', 'ping_pong', '--project', 'soak', '--template', 'ping_pong', '--json')
    const fn = JSON.parse(made) as { fqdn: string }
    await cli('inject', 'push-all', '--wait')
    const port = (JSON.parse(await cli('status', 'substrate', '--json')) as { value: { http: number } }).value.http
    await waitForBody(port, fn.fqdn, '/ping', 'PONG')
    const jobsBefore = ((await api('GET', '/builds/blackhole')) as { jobs: unknown[] }).jobs.length

    let running = true
    const churn = { pushes: 0, kills: 0, universes: 0, failures: [] as string[] }
    const faults = (async () => {
      for (let i = 0; running; i++) {
        try {
          await api('POST', '/fixture/blackhole/push-all', { params: { wait: 'true' } })
          churn.pushes++
          await api('POST', '/service/blackhole/seer', { config: { copies: 1 } })
          await api('DELETE', '/service/blackhole/seer', {})
          churn.kills++
          if (i % 5 === 0) {
            await api('POST', `/universe/soak${i}`, { config: {} })
            await api('DELETE', `/universe/soak${i}`, {})
            churn.universes++
          }
        } catch (err) {
          churn.failures.push(err instanceof Error ? err.message : String(err))
        }
      }
    })()
    const part = Math.max(5, Math.round((MINUTES * 60) / 3))
    const parts: Wrk[] = []
    const first = sampleProcess(pid)
    console.log(`load start: daemon ${show(first)}`)
    for (const name of ['start', 'middle', 'end']) {
      const w = await wrk(port, fn.fqdn, part)
      parts.push(w)
      console.log(
        `load ${name.padEnd(6)}: ${w.requests} requests (${Math.round(w.requests / part)}/s), ` +
          `${w.errors} socket errors, ${w.non2xx} non-2xx; daemon ${show(sampleProcess(pid))}`
      )
    }
    running = false
    await faults
    const last = sampleProcess(pid)
    const { jobs } = (await api('GET', '/builds/blackhole')) as { jobs: Array<{ status: number | string }> }
    const ran = jobs.length - jobsBefore
    // patrick's status is a number (2 succeeded, -1 failed) or, in newer versions, its name
    const failedJobs = jobs.filter(j => j.status === -1 || /fail/i.test(String(j.status))).length
    const openJobs = jobs.filter(j => j.status !== 2 && j.status !== -1 && !/succe|fail/i.test(String(j.status))).length
    console.log(
      `faults: ${churn.pushes} pushes, ${churn.kills} node inject+kill,` +
        ` ${churn.universes} universe new+kill,` +
        ` ${churn.failures.length} failed${churn.failures.length > 0 ? ` (first: ${churn.failures[0]})` : ''}`
    )
    console.log(`jobs: ${ran} new (${jobs.length} in all), ${failedJobs} failed, ${openJobs} not finished`)
    const errors = parts.reduce((a, w) => a + w.errors + w.non2xx, 0)
    const requests = parts.reduce((a, w) => a + w.requests, 0)
    const sse = await sseSubscribers(env.apiPort)
    held =
      sse &&
      errors === 0 &&
      churn.failures.length === 0 &&
      failedJobs === 0 &&
      openJobs === 0 &&
      ran >= churn.pushes &&
      last.fds - first.fds <= FLAT_FDS * 5
    console.log(
      `load: ${requests} requests at ${CONNECTIONS} connections in ${part * 3} s, ${errors} errors;` +
        ` daemon RSS ${first.rssMb} → ${last.rssMb} MB, fds ${first.fds} → ${last.fds}`
    )
  } finally {
    await dream.stop('SIGTERM', 60_000).catch(() => undefined)
    await env.cleanup()
  }
  return held
}

const flat = CYCLES > 0 ? await leakCycles() : true
const held = MINUTES > 0 ? await loadRun() : true
console.log(
  `verdict: ${flat && held ? 'held' : 'FAILED'}` +
    ` (leak cycles ${flat ? 'flat' : 'growing'}, load ${held ? 'held' : 'not held'})`
)
process.exitCode = flat && held ? 0 : 1
