/**
 * The developer loop as a user runs it: `dream new multiverse` and `dream dev <folder>` as real processes, then
 * a save of the ping_pong source (a new answer each time) until the substrate serves the new answer, polled every
 * 20 ms, once per language (AssemblyScript, then Go when Go 1.24+ is on PATH). The first save of each pays the
 * cold compiler or the Go build cache and is reported on its own row.
 */
import { type ChildProcess, spawn } from 'node:child_process'
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { request } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { FunctionBuilder } from '../src/builder/index.js'
import { requireGo } from '../src/shared/go-toolchain.js'
import { silent } from '../src/shared/log.js'
import { freePort } from '../test/helpers/universe.js'
import { type BenchContext, type Row, since } from './lib/section.js'

export const title = 'developer loop: save in `dream dev` → the new answer served'
export const order = 40

const BIN = fileURLToPath(new URL('../../bin/dream.js', import.meta.url))
const TEMPLATE = fileURLToPath(new URL('../../templates/ping_pong/assemblyscript', import.meta.url))

/**
 * The baseline: the compile alone, warm (two builds first: the compiler's load and its first compile); the builder
 * compiles on every call (reuse of unchanged builds is monkey's, src/services/monkey/build-index.ts).
 */
async function warmCompiles(runs: number): Promise<number[]> {
  const builder = new FunctionBuilder({ log: silent })
  builder.start()
  try {
    for (let i = 0; i < 2; i++) await builder.build(TEMPLATE)
    const out: number[] = []
    for (let i = 0; i < runs; i++) {
      const t0 = performance.now()
      await builder.build(TEMPLATE)
      out.push(since(t0))
    }
    return out
  } finally {
    await builder.stop()
  }
}

/** A dream process whose stdout is collected; `until` resolves when a line matches (bounded). */
function start(
  args: string[],
  env: NodeJS.ProcessEnv
): { child: ChildProcess; until: (re: RegExp) => Promise<string> } {
  const child = spawn(process.execPath, [BIN, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] })
  let out = ''
  child.stdout?.setEncoding('utf8').on('data', (d: string) => {
    out += d
  })
  const until = async (re: RegExp): Promise<string> => {
    const deadline = Date.now() + 120_000
    for (;;) {
      const hit = out.split('\n').find(l => re.test(l))
      if (hit !== undefined) return hit
      if (Date.now() > deadline || child.exitCode !== null) throw new Error(`no line ${String(re)}:\n${out}`)
      await new Promise(resolve => setTimeout(resolve, 20))
    }
  }
  return { child, until }
}

function get(port: number, host: string, path: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, headers: { host }, agent: false }, res => {
      let body = ''
      res
        .setEncoding('utf8')
        .on('data', (d: string) => {
          body += d
        })
        .on('end', () => {
          resolve(body)
        })
    })
    req.on('error', reject)
    req.end()
  })
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return
  const exited = new Promise(resolve => child.once('exit', resolve))
  child.kill('SIGTERM')
  await exited
}

/** One language's loop: a project with ping_pong in that language, `dream dev` on it, saves timed to served. */
interface Loop {
  language: 'assemblyscript' | 'go'
  project: string
  file: string
}

const LOOPS: Loop[] = [
  { language: 'assemblyscript', project: 'benchas', file: 'ping_pong.ts' },
  { language: 'go', project: 'benchgo', file: 'ping_pong.go' }
]

async function timeSaves(
  ctx: BenchContext,
  dream: (...args: string[]) => ReturnType<typeof start>,
  home: string,
  loop: Loop
): Promise<{ cold: number; warm: number[] }> {
  const warm: number[] = []
  let cold = Number.NaN
  await dream('new', 'project', loop.project).until(new RegExp(`^Project ${loop.project} created`))
  const fn = await dream(
    'new',
    'function',
    'ping_pong',
    '--project',
    loop.project,
    '--template',
    'ping_pong',
    '--language',
    loop.language
  ).until(/^ {2}curl /)
  const m = /Host: (\S+)" http:\/\/127\.0\.0\.1:(\d+)/.exec(fn)
  if (m === null) throw new Error(`no curl line: ${fn}`)
  const [host, port] = [m[1] as string, Number(m[2])]
  const folder = join(home, loop.project)
  const watcher = dream('dev', folder)
  try {
    await watcher.until(/^watching /)
    const file = join(folder, 'code', 'functions', 'ping_pong', loop.file)
    for (let i = 0; i <= ctx.runs; i++) {
      const answer = `PONG${i}`
      const src = await readFile(file, 'utf8')
      const t0 = performance.now()
      await writeFile(file, src.replace(/"PONG\d*"/, `"${answer}"`))
      while ((await get(port, host, '/ping').catch(() => '')) !== answer) {
        if (since(t0) > 180_000) throw new Error(`${answer} not served within 180 s`)
        await new Promise(resolve => setTimeout(resolve, 20))
      }
      if (i === 0) cold = since(t0)
      else warm.push(since(t0))
      ctx.progress(`${loop.language} save ${i}: ${since(t0).toFixed(0)} ms`)
    }
  } finally {
    await stop(watcher.child)
  }
  return { cold, warm }
}

export async function run(ctx: BenchContext): Promise<Row[]> {
  const home = await mkdtemp(join(tmpdir(), 'dream-bench-dev-'))
  const env = { ...process.env, HOME: home, NO_COLOR: '1', DREAM_API_PORT: String(await freePort()) }
  const daemon = start(['new', 'multiverse'], env)
  const rows: Row[] = []
  try {
    await daemon.until(/^\[SUCCESS\] Universe blackhole started!$/)
    const dream = (...args: string[]) => start(args, env)
    for (const loop of LOOPS) {
      if (
        loop.language === 'go' &&
        !(await requireGo().then(
          () => true,
          () => false
        ))
      ) {
        ctx.progress('no Go 1.24+ on PATH: the Go loop is not measured')
        continue
      }
      const { cold, warm } = await timeSaves(ctx, dream, home, loop)
      const target = loop.language === 'go' ? 3000 : 1500
      rows.push({ measure: `save → served (${loop.language} ping_pong, warm)`, unit: 'ms', samples: warm, target })
      rows.push({ measure: `first save after dream dev started (${loop.language})`, unit: 'ms', samples: [cold] })
    }
  } finally {
    await stop(daemon.child)
    await rm(home, { recursive: true, force: true })
  }
  const compile = await warmCompiles(ctx.runs)
  rows.push({ measure: 'baseline: warm FunctionBuilder.build of ping_pong alone', unit: 'ms', samples: compile })
  return rows
}
