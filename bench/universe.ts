/**
 * How long `dream new multiverse` takes to be ready, how long `dream status universe` takes, the
 * daemon's RSS, and, as the in-process baseline measured in the same run, `createUniverse().start()`.
 */
import { readFile } from 'node:fs/promises'
import { createUniverse } from '../src/index.js'
import { DreamProcess, dreamEnv, runDream } from '../test/helpers/cli.js'
import { DEFAULT_UNIVERSE } from '../src/shared/defaults.js'
import { since, type BenchContext, type Row } from './lib/section.js'

export const title = 'universe: dream new multiverse, status, RSS'
export const order = 0

/** Resident set size of a process in MB, from /proc/<pid>/status (VmRSS, in kB). */
export async function rssMb(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8')
  const m = /^VmRSS:\s+(\d+)\s+kB$/m.exec(status)
  if (m?.[1] === undefined) throw new Error(`no VmRSS in /proc/${pid}/status`)
  return Number(m[1]) / 1024
}

const READY = new RegExp(`^\\[SUCCESS\\] Universe ${DEFAULT_UNIVERSE} started!$`)

export async function run(ctx: BenchContext): Promise<Row[]> {
  const ready: number[] = []
  const rss: number[] = []
  const status: number[] = []
  const statusWarm: number[] = []
  const exit: number[] = []

  for (let i = 0; i < ctx.runs; i++) {
    const env = await dreamEnv()
    let p: DreamProcess | undefined
    try {
      const t0 = performance.now()
      p = await DreamProcess.start(['new', 'multiverse', '--api-port', String(env.apiPort)], { home: env.home })
      await p.waitForLine(READY, 60_000)
      ready.push(since(t0))
      if (p.pid === undefined) throw new Error('dream has no pid')
      rss.push(await rssMb(p.pid))
      // `dream status universe`, process spawn included, twice per daemon: right after the [SUCCESS] line (the
      // daemon is still settling and serves its first request) and once more straight after.
      for (const into of [status, statusWarm]) {
        const s0 = performance.now()
        const r = await runDream(['status', 'universe'], { apiPort: env.apiPort, home: env.home })
        into.push(since(s0))
        if (r.code !== 0) throw new Error(`dream status universe exited ${String(r.code)}: ${r.stderr}`)
      }
      const e0 = performance.now()
      const done = await p.stop('SIGTERM', 60_000)
      exit.push(since(e0))
      if (done.code !== 0)
        throw new Error(`dream new multiverse exited ${JSON.stringify(done)} on SIGTERM\n${p.describe()}`)
      ctx.progress(
        `run ${i + 1}/${ctx.runs}: ready ${ready.at(-1)?.toFixed(0) ?? '?'} ms, ` +
          `status ${status.at(-1)?.toFixed(0) ?? '?'}/${statusWarm.at(-1)?.toFixed(0) ?? '?'} ms, ` +
          `RSS ${rss.at(-1)?.toFixed(0) ?? '?'} MB`
      )
    } finally {
      if (p !== undefined && p.exit === undefined) await p.stop('SIGKILL').catch(() => {})
      await env.cleanup()
    }
  }

  const start: number[] = []
  const stop: number[] = []
  for (let i = 0; i < ctx.runs; i++) {
    const u = createUniverse({ name: `bench-${process.pid}-${i}` })
    const t0 = performance.now()
    try {
      await u.start()
      start.push(since(t0))
    } finally {
      const s0 = performance.now()
      await u.stop()
      stop.push(since(s0))
    }
    ctx.progress(`in-process ${i + 1}/${ctx.runs}: start ${start.at(-1)?.toFixed(0) ?? '?'} ms`)
  }

  return [
    { measure: 'dream new multiverse: launch → [SUCCESS] line', unit: 'ms', samples: ready, target: 2000 },
    {
      measure: 'dream status universe, first after [SUCCESS] (spawn included)',
      unit: 'ms',
      samples: status,
      target: 400
    },
    { measure: 'dream status universe, second (spawn included)', unit: 'ms', samples: statusWarm, target: 400 },
    { measure: 'daemon RSS after start (VmRSS)', unit: 'MB', samples: rss, target: 250 },
    { measure: 'SIGTERM → daemon exited', unit: 'ms', samples: exit },
    { measure: 'in-process createUniverse().start() (9 nodes + git host)', unit: 'ms', samples: start },
    { measure: 'in-process universe.stop()', unit: 'ms', samples: stop }
  ]
}
