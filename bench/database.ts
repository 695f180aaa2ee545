/**
 * Databases from a function: the test function dbops (test/data/functions/dbops) under 10 connections doing a
 * database get, a database put, and nothing (`op=none`: the same function, same worker path, no database call),
 * all in the same run, so the ratio says what the database call costs. Then 100k writes (distinct 8-byte-ish
 * keys, 32-byte values) through a substrate's database replicas to the owning hoarder until it acknowledged them
 * all, and the RSS of the process holding the universe afterwards.
 *
 * Unlike the serving section, the universe runs in this process, so autocannon shares its event loop: absolute
 * figures are lower than a separate daemon's, the ratio is fair (all three loads face the same conditions).
 */
import { mkdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { editRepo } from '../src/console/workspace.js'
import { DatabaseReplicas } from '../src/services/substrate/database-replicas.js'
import type { DatabaseRef } from '../src/shared/database-ref.js'
import { generateId } from '../src/shared/ids.js'
import { createUniverse } from '../src/index.js'
import { addCustomFunction, consoleFor, httpPort, pushAllAndWait, waitForBody } from '../test/helpers/serving.js'
import type { BenchContext, Row } from './lib/section.js'
import { load } from './serving.js'

export const title = 'database: get/put from a function vs the same function without, RSS after 100k writes'
export const order = 45

const SECONDS = Number(process.env.DREAM_BENCH_SECONDS ?? 10)
const CONNECTIONS = 10
const WRITES = 100_000
const BATCH = 100

export async function run(ctx: BenchContext): Promise<Row[]> {
  const u = createUniverse({ name: `bench-db-${process.pid}`, webhooks: false })
  await u.start()
  try {
    const { console: c, session: s } = await consoleFor(u)
    const project = await c.newProject('benchdb')
    const fn = await addCustomFunction(c, s, project, { name: 'dbops' })
    await editRepo(project.config.url, s, 'database store', async dir => {
      const yaml = `id: ${generateId(project.id, 'store')}\nmatch: store\nstorage:\n  size: 100MB\n`
      await mkdir(join(dir, 'databases'), { recursive: true })
      await writeFile(join(dir, 'databases', 'store.yaml'), yaml)
    })
    ctx.progress('building dbops')
    await pushAllAndWait(u)
    const port = httpPort(u)
    await waitForBody(port, fn.fqdn, '/dbops?op=none', 'none')
    await waitForBody(port, fn.fqdn, '/dbops?db=store&op=put&key=k&value=v', 'ok')

    const paths = {
      none: '/dbops?op=none',
      get: '/dbops?db=store&op=get&key=k',
      put: '/dbops?db=store&op=put&key=k&value=v'
    }
    const expect = { none: 'none', get: 'v', put: 'ok' }
    const rps = { none: [] as number[], get: [] as number[], put: [] as number[] }
    const p50 = { none: [] as number[], get: [] as number[], put: [] as number[] }
    for (const k of ['none', 'get', 'put'] as const) await load(port, fn.fqdn, paths[k], CONNECTIONS, 2, expect[k])
    for (let i = 0; i < ctx.runs; i++) {
      for (const k of ['none', 'get', 'put'] as const) {
        const r = await load(port, fn.fqdn, paths[k], CONNECTIONS, SECONDS, expect[k])
        if (r.bad > 0) throw new Error(`${k}: ${r.bad} bad answers`)
        rps[k].push(r.rps)
        p50[k].push(r.p50 * 1000)
        ctx.progress(`run ${i + 1}/${ctx.runs} ${k}: ${r.rps.toFixed(0)} req/s, p50 ${(r.p50 * 1000).toFixed(0)} µs`)
      }
    }

    // The path a function's writes take: into a replica, and to the owning hoarder behind it.
    const replicas = new DatabaseReplicas({ node: u.clientNode(), directory: u.directory, log: u.log })
    const db: DatabaseRef = { project: project.id, application: '', match: 'rss', name: 'rss', size: 1e9 }
    const value = new Uint8Array(32).fill(7)
    const rssBefore = process.memoryUsage().rss / 1e6
    const t0 = performance.now()
    // Batches of writes made at once, as many functions' calls make them: each is answered once the owner has it.
    const inFlight: Array<Promise<void>> = []
    for (let n = 0; n < WRITES; n++) {
      inFlight.push(replicas.write(db, `key/${n}`, value))
      if (n % BATCH === BATCH - 1) await Promise.all(inFlight.splice(0))
    }
    await Promise.all(inFlight)
    await replicas.flushed()
    const writeSeconds = (performance.now() - t0) / 1000
    await replicas.stop()
    const rss = process.memoryUsage().rss / 1e6
    ctx.progress(`${WRITES} writes in ${writeSeconds.toFixed(1)} s; RSS ${rss.toFixed(0)} MB`)

    const ratio = (a: number[], b: number[]): number[] => a.map((x, i) => x / (b[i] ?? Number.NaN))
    return [
      { measure: 'function without a database call, 10 conns', unit: 'req/s', samples: rps.none },
      { measure: 'function with a database get, 10 conns', unit: 'req/s', samples: rps.get },
      { measure: 'function with a database put, 10 conns', unit: 'req/s', samples: rps.put },
      { measure: 'p50 without a database call', unit: 'µs', samples: p50.none },
      { measure: 'p50 with a database get', unit: 'µs', samples: p50.get },
      { measure: 'p50 with a database put', unit: 'µs', samples: p50.put },
      {
        measure: 'get req/s ÷ without',
        unit: '×',
        samples: ratio(rps.get, rps.none),
        target: 0.5,
        higherIsBetter: true
      },
      {
        measure: 'put req/s ÷ without',
        unit: '×',
        samples: ratio(rps.put, rps.none),
        target: 0.5,
        higherIsBetter: true
      },
      {
        measure: `${WRITES / 1000}k writes to the owning hoarder, acknowledged`,
        unit: 's',
        samples: [writeSeconds]
      },
      { measure: 'RSS before them (universe in this process)', unit: 'MB', samples: [rssBefore] },
      {
        measure: `RSS after ${WRITES / 1000}k writes (universe in this process)`,
        unit: 'MB',
        samples: [rss]
      }
    ]
  } finally {
    await u.stop()
  }
}
