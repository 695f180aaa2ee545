/**
 * From `dream inject push-all` to both ping_pong jobs (config and code) succeeded, in one
 * in-process universe with webhooks off, as `dream inject push-all --wait` runs it (the fixture, which polls patrick
 * every 100 ms). The first push pays the monkey's cold compiler and is reported on its own row; the next `runs`
 * pushes give median/min/max. Patrick's own view (webhook received → last job finished) is shown next to it, and
 * the baseline measured in the same run is one warm `FunctionBuilder.build` of the ping_pong template alone, so the
 * table shows what the pipeline adds on top of the compile.
 */
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { FIXTURES } from '../fixtures/index.js'
import { FunctionBuilder } from '../src/builder/index.js'
import { Console } from '../src/console/console.js'
import { createUniverse } from '../src/index.js'
import { PatrickClient } from '../src/services/patrick/client.js'
import { silent } from '../src/shared/log.js'
import { fixtureContextOf } from '../src/universe/fixture-context.js'
import type { Universe } from '../src/universe/universe.js'
import { since, type BenchContext, type Row } from './lib/section.js'

export const title = 'pipeline: dream inject push-all → both ping_pong jobs succeeded'
export const order = 30

const ROOT = fileURLToPath(new URL('../../', import.meta.url))

async function consoleOf(u: Universe): Promise<Console> {
  const { login, token } = await u.gitUser()
  const auth = u.directory.byRole('auth')[0]
  if (auth === undefined) throw new Error('no auth node')
  return new Console({
    universe: u.name,
    fqdn: u.fqdn,
    git: u.git.url,
    login,
    token,
    auth: `http://127.0.0.1:${auth.ports.http}`
  })
}

/** One `push-all --wait`: wall time of the call, and patrick's received → finished span of its jobs. */
async function pushAll(u: Universe): Promise<{ wall: number; patrick: number }> {
  const fixture = FIXTURES['push-all']
  if (fixture === undefined) throw new Error('no push-all fixture')
  const t0 = performance.now()
  const r = await fixture.run(fixtureContextOf(u), { wait: 'true' })
  const wall = since(t0)
  const ids = (r.data as { jobs: string[]; failed: number }).jobs
  const patrickClient = new PatrickClient(u.clientNode(), u.directory)
  const jobs = await Promise.all(ids.map(async jid => await patrickClient.job(jid)))
  if (jobs.length !== 2 || jobs.some(j => j.Status !== 'succeeded'))
    throw new Error(`push-all did not give two succeeded jobs: ${r.lines.join('; ')}`)
  const patrick = Math.max(...jobs.map(j => j.Finished ?? Number.NaN)) - Math.min(...jobs.map(j => j.Received))
  return { wall, patrick }
}

export async function run(ctx: BenchContext): Promise<Row[]> {
  const wall: number[] = []
  const patrick: number[] = []
  let cold: { wall: number; patrick: number } | undefined
  const u = createUniverse({ name: `bench-pipeline-${process.pid}`, webhooks: false })
  try {
    await u.start()
    const c = await consoleOf(u)
    await c.newProject('bench')
    await c.newFunction('ping_pong', { project: 'bench', template: 'ping_pong', language: 'assemblyscript' })
    cold = await pushAll(u)
    ctx.progress(`first push-all (cold compiler): ${cold.wall.toFixed(0)} ms`)
    for (let i = 0; i < ctx.runs; i++) {
      const r = await pushAll(u)
      wall.push(r.wall)
      patrick.push(r.patrick)
      ctx.progress(`push-all ${i + 1}/${ctx.runs}: ${r.wall.toFixed(0)} ms`)
    }
  } finally {
    await u.stop()
  }

  // Baseline: the compile alone, warm (two builds first: the compiler's load and its first, cold compile).
  const compile: number[] = []
  const builder = new FunctionBuilder({ log: silent })
  builder.start()
  try {
    const dir = join(ROOT, 'templates', 'ping_pong', 'assemblyscript')
    for (let i = 0; i < 2; i++) await builder.build(dir)
    for (let i = 0; i < ctx.runs; i++) {
      const t0 = performance.now()
      await builder.build(dir)
      compile.push(since(t0))
    }
    ctx.progress(`warm compile: ${compile.map(x => x.toFixed(0)).join(', ')} ms`)
  } finally {
    await builder.stop()
  }

  return [
    { measure: 'push-all --wait → both jobs succeeded', unit: 'ms', samples: wall, target: 3000 },
    { measure: 'same, patrick: webhook received → last job finished', unit: 'ms', samples: patrick },
    { measure: 'first push-all of the universe (cold compiler)', unit: 'ms', samples: [cold?.wall ?? Number.NaN] },
    { measure: 'baseline: warm FunctionBuilder.build of ping_pong alone', unit: 'ms', samples: compile }
  ]
}
