/**
 * Go functions: build times (cold caches, warm caches; an AssemblyScript build as the baseline, and the first one
 * after the AssemblyScript compiler process ended for being idle), push → served, the first request after
 * publish, warm req/s of the Go ping_pong against a `node:http` hello world under the same load, the memory a
 * cached Go function costs the daemon, and the daemon's RSS (with its children) at the end and after an idle
 * pause; the first build after idle (AssemblyScript restarts its compiler process, Go keeps none) against warm.
 *
 * The load generator is wrk when it is on PATH (a C program, one thread: it leaves the other core to the server),
 * autocannon otherwise; the rows say which. The daemon runs with a temporary HOME, so its Go caches start empty:
 * the first project's push is the cold one, the next projects' pushes are warm.
 */
import { execFile } from 'node:child_process'
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { FunctionBuilder } from '../src/builder/index.js'
import { silent } from '../src/shared/log.js'
import { hostRequest, waitForBody } from '../test/helpers/serving.js'
import { ROOT } from '../test/vm/functions.js'
import { since, type BenchContext, type Row } from './lib/section.js'
import { newPingPong, startDream, startHello, stopChild, type Dream } from './serving.js'
import { rssMb } from './universe.js'

export const title = 'go: Go functions built with the Go toolchain and served'
export const order = 45

const SECONDS = Number(process.env.DREAM_BENCH_SECONDS ?? 10)
const CONNECTIONS = 10
/** Idle time before the last RSS sample: past the substrate's (10 s, checked every 5 s) and compiler's (15 s). */
const IDLE_S = 16
const exec = promisify(execFile)

interface Rate {
  rps: number
  tool: string
}

async function hasWrk(): Promise<boolean> {
  try {
    await exec('wrk', ['--version'])
    return true
  } catch (err) {
    // wrk --version prints its banner and exits 1: being found is what matters.
    return (err as { code?: unknown }).code !== 'ENOENT'
  }
}

async function rate(wrk: boolean, port: number, host: string, path: string, seconds: number): Promise<Rate> {
  if (wrk) {
    const args = ['-t1', `-c${CONNECTIONS}`, `-d${seconds}s`, '-H', `Host: ${host}`, `http://127.0.0.1:${port}${path}`]
    const { stdout } = await exec('wrk', args)
    const m = /Requests\/sec:\s+([\d.]+)/.exec(stdout)
    const non2xx = /Non-2xx or 3xx responses: (\d+)/.exec(stdout)
    if (m?.[1] === undefined) throw new Error(`no Requests/sec in wrk's output:\n${stdout}`)
    if (non2xx !== null) throw new Error(`wrk saw ${non2xx[1] ?? '?'} non-2xx responses from ${host}${path}`)
    return { rps: Number(m[1]), tool: 'wrk' }
  }
  interface Result {
    '2xx': number
    duration: number
  }
  type Cannon = (o: object, cb: (err: Error | null, r: Result) => void) => unknown
  const autocannon = createRequire(import.meta.url)('autocannon') as Cannon
  const r = await new Promise<Result>((resolve, reject) => {
    const url = `http://127.0.0.1:${port}${path}`
    autocannon({ url, connections: CONNECTIONS, duration: seconds, headers: { host } }, (err, res) => {
      if (err !== null) reject(err)
      else resolve(res)
    })
  })
  return { rps: r['2xx'] / r.duration, tool: 'autocannon' }
}

/** RSS of a process and of all its descendants, in MB (Linux /proc). */
async function treeRssMb(pid: number): Promise<{ self: number; children: number }> {
  const children = new Map<number, number[]>()
  for (const e of await readdir('/proc')) {
    if (!/^\d+$/.test(e)) continue
    const stat = await readFile(`/proc/${e}/stat`, 'utf8').catch(() => '')
    const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1])
    children.set(ppid, [...(children.get(ppid) ?? []), Number(e)])
  }
  let total = 0
  const walk = async (p: number): Promise<void> => {
    total += await rssMb(p).catch(() => 0)
    for (const c of children.get(p) ?? []) await walk(c)
  }
  await walk(pid)
  const self = await rssMb(pid)
  return { self, children: total - self }
}

async function builds(ctx: BenchContext): Promise<Row[]> {
  const cache = await mkdtemp(join(tmpdir(), 'dream-bench-go-'))
  const builder = new FunctionBuilder({ log: silent, goCacheDir: cache, compilerIdleMs: 500 })
  builder.start()
  const goDir = join(ROOT, 'templates', 'ping_pong', 'go')
  const asDir = join(ROOT, 'templates', 'ping_pong', 'assemblyscript')
  const cold: number[] = []
  const warm: number[] = []
  const asWarm: number[] = []
  const asAfterIdle: number[] = []
  const goAfterIdle: number[] = []
  try {
    ctx.progress("Go build with empty module and build caches (downloads go-sdk, compiles Go's runtime for wasm)")
    let t0 = performance.now()
    await builder.build(goDir)
    cold.push(since(t0))
    for (let i = 0; i < ctx.runs; i++) {
      t0 = performance.now()
      await builder.build(goDir)
      warm.push(since(t0))
      await builder.build(asDir) // the Go build let the compiler process idle out: this one restarts it
      t0 = performance.now()
      await builder.build(asDir)
      asWarm.push(since(t0))
      // The compiler process ends 500 ms after its last build here (60 s in the daemon); wait for that, then build.
      while (builder.compilerResident) await new Promise(resolve => setTimeout(resolve, 50))
      t0 = performance.now()
      await builder.build(asDir)
      asAfterIdle.push(since(t0))
      // Go keeps no process between builds: after the same idle a Go build costs what a warm one does.
      while (builder.compilerResident) await new Promise(resolve => setTimeout(resolve, 50))
      t0 = performance.now()
      await builder.build(goDir)
      goAfterIdle.push(since(t0))
      ctx.progress(
        `builds ${i + 1}/${ctx.runs}: Go warm ${warm.at(-1)?.toFixed(0) ?? '?'} ms, AssemblyScript warm ` +
          `${asWarm.at(-1)?.toFixed(0) ?? '?'} ms, ` +
          `after the compiler idled out ${asAfterIdle.at(-1)?.toFixed(0) ?? '?'} ms, ` +
          `Go after the same idle ${goAfterIdle.at(-1)?.toFixed(0) ?? '?'} ms`
      )
    }
  } finally {
    await builder.stop()
    await rm(cache, { recursive: true, force: true })
  }
  return [
    { measure: 'Go ping_pong build, empty caches (module download, runtime compile)', unit: 'ms', samples: cold },
    { measure: 'Go ping_pong build, warm caches', unit: 'ms', samples: warm },
    { measure: 'baseline: AssemblyScript ping_pong build, warm compiler', unit: 'ms', samples: asWarm },
    { measure: 'AssemblyScript build after the idle compiler process ended', unit: 'ms', samples: asAfterIdle },
    {
      measure: 'first build after idle, cost over warm: AssemblyScript (restarts its compiler process)',
      unit: 'ms',
      samples: asAfterIdle.map((x, i) => x - (asWarm[i] ?? Number.NaN))
    },
    { measure: 'Go build after the same idle (go keeps no process between builds)', unit: 'ms', samples: goAfterIdle },
    {
      measure: 'first build after idle, cost over warm: Go',
      unit: 'ms',
      samples: goAfterIdle.map((x, i) => x - (warm[i] ?? Number.NaN))
    }
  ]
}

const jsonOf = <T>(s: string): T => JSON.parse(s) as T

async function serving(ctx: BenchContext): Promise<Row[]> {
  const wrk = await hasWrk()
  const hello = await startHello()
  let dream: Dream | undefined
  const pushServed: number[] = []
  const first: number[] = []
  const helloRps: number[] = []
  const goRps: number[] = []
  const ratio: number[] = []
  const perModule: number[] = []
  let coldPush = Number.NaN
  let tool = ''
  let end = { self: Number.NaN, children: Number.NaN }
  let idle = { self: Number.NaN, children: Number.NaN }
  try {
    dream = await startDream()
    const d = dream
    const pid = d.process.pid
    if (pid === undefined) throw new Error('dream has no pid')
    const port = jsonOf<{ value: { http: number } }>((await d.cli('status', 'substrate', '--json')).stdout).value.http
    /** A new project with the Go ping_pong: push-all --wait, then the first PONG. */
    const deploy = async (project: string): Promise<{ fqdn: string; served: number; first: number }> => {
      await d.cli('new', 'project', project)
      const f = await newPingPong(d, project, 'go')
      const t0 = performance.now()
      await d.cli('inject', 'push-all', '--project', project, '--wait')
      const t1 = performance.now()
      await waitForBody(port, f.fqdn, '/ping', 'PONG')
      return { fqdn: f.fqdn, served: since(t0), first: since(t1) }
    }
    ctx.progress("first Go project: the daemon's Go caches are empty")
    const cold = await deploy('gocold')
    coldPush = cold.served
    const rssBefore = await rssMb(pid)
    for (let i = 0; i < ctx.runs; i++) {
      const r = await deploy(`go${i}`)
      pushServed.push(r.served)
      first.push(r.first)
      ctx.progress(
        `push ${i + 1}/${ctx.runs}: push → served ${r.served.toFixed(0)} ms, ` +
          `first request ${r.first.toFixed(0)} ms`
      )
    }
    perModule.push(((await rssMb(pid)) - rssBefore) / ctx.runs)
    await hostRequest(port, cold.fqdn, '/ping')
    // Warm-up, not measured.
    await rate(wrk, hello.port, '127.0.0.1', '/', 2)
    await rate(wrk, port, cold.fqdn, '/ping', 2)
    for (let i = 0; i < ctx.runs; i++) {
      const a = await rate(wrk, hello.port, '127.0.0.1', '/', SECONDS)
      const b = await rate(wrk, port, cold.fqdn, '/ping', SECONDS)
      tool = b.tool
      helloRps.push(a.rps)
      goRps.push(b.rps)
      ratio.push(b.rps / a.rps)
      ctx.progress(
        `load ${i + 1}/${ctx.runs} (${tool}): hello ${a.rps.toFixed(0)} req/s, ` +
          `Go ping_pong ${b.rps.toFixed(0)} req/s`
      )
    }
    end = await treeRssMb(pid)
    // Idle workers, inline instances (10 s, substrate) and the compiler process (15 s, monkey) are released.
    ctx.progress(`RSS ${(end.self + end.children).toFixed(0)} MB at the end; idle for ${IDLE_S} s`)
    await new Promise(resolve => setTimeout(resolve, IDLE_S * 1000))
    idle = await treeRssMb(pid)
  } finally {
    await stopChild(hello.child)
    await dream?.cleanup()
  }
  const conns = `${CONNECTIONS} conns, ${SECONDS} s, ${tool}`
  return [
    { measure: 'Go ping_pong: push-all → served, empty Go caches', unit: 'ms', samples: [coldPush] },
    { measure: 'Go ping_pong: push-all → served, warm caches', unit: 'ms', samples: pushServed, target: 3000 },
    { measure: 'Go: first request after publish (push-all --wait returned)', unit: 'ms', samples: first, target: 100 },
    { measure: `(a) node:http hello world, ${conns}`, unit: 'req/s', samples: helloRps },
    { measure: `(b) Go ping_pong via substrate, ${conns}`, unit: 'req/s', samples: goRps },
    { measure: 'ratio b/a (req/s)', unit: '×', samples: ratio, target: 0.3, higherIsBetter: true },
    { measure: 'daemon RSS per cached Go function (module + warm instance)', unit: 'MB', samples: perModule },
    { measure: 'daemon RSS at the end of the section', unit: 'MB', samples: [end.self] },
    { measure: "daemon's children RSS then (compiler, go)", unit: 'MB', samples: [end.children] },
    {
      measure: 'daemon + children RSS at the end of the section',
      unit: 'MB',
      samples: [end.self + end.children],
      target: 300
    },
    { measure: `daemon + children RSS after ${IDLE_S} s idle`, unit: 'MB', samples: [idle.self + idle.children] }
  ]
}

export async function run(ctx: BenchContext): Promise<Row[]> {
  return [...(await builds(ctx)), ...(await serving(ctx))]
}
