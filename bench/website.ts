/**
 * Websites: `dream inject push-website --wait` for the two templates (`static`, served as its files are, and
 * `build`, whose `.taubyte/build.sh` runs under /bin/sh), and the substrate's answers for a site's index page: a
 * full 200 and a 304 revalidation by ETag. One in-process universe with webhooks off. Requests go one at a time
 * on a fresh connection each (as a browser's first visit), so a latency includes the TCP connect; the client
 * shares the process (not the p2p nodes' work) with the server, which makes these upper bounds.
 */
import { FIXTURES } from '../fixtures/index.js'
import { newWebsite, type WebsiteView } from '../src/console/website.js'
import { createUniverse } from '../src/index.js'
import type { Job } from '../src/services/patrick/job.js'
import { silent } from '../src/shared/log.js'
import { fixtureContextOf } from '../src/universe/fixture-context.js'
import { waitForJobs } from '../fixtures/push.js'
import { consoleFor, hostRequest, httpPort, pushAllAndWait } from '../test/helpers/serving.js'
import { median, since, type BenchContext, type Row } from './lib/section.js'

export const title = 'websites: a website job per template, and a site page served'
export const order = 45

/** Requests per latency sample. */
const REQUESTS = 200

export async function run(ctx: BenchContext): Promise<Row[]> {
  const u = createUniverse({ name: 'bench-website', webhooks: false, log: silent })
  await u.start()
  try {
    const { console: c, session: s } = await consoleFor(u)
    await c.newProject('bench')
    const sites: WebsiteView[] = [
      await newWebsite(c, s, 'plain', { project: 'bench' }),
      await newWebsite(c, s, 'built', { project: 'bench', template: 'build', path: '/built' })
    ]
    ctx.progress('website: first push-all (config, then the two website repositories)')
    await pushAllAndWait(u)
    const port = httpPort(u)
    const host = sites[0]?.fqdn ?? ''
    const jobs: Record<string, number[]> = { plain: [], built: [] }
    for (let i = 0; i < ctx.runs; i++) {
      ctx.progress(`website: push-website run ${i + 1}/${ctx.runs}`)
      const fctx = fixtureContextOf(u)
      const fixture = FIXTURES['push-website']
      if (fixture === undefined) throw new Error('no push-website fixture')
      const r = await fixture.run(fctx, { wait: 'true' })
      const done: Job[] = await waitForJobs(fctx, (r.data as { jobs: string[] }).jobs)
      for (const j of done) {
        const name = j.Meta.Repository.uri.includes('tb_website_built') ? 'built' : 'plain'
        if (j.Finished !== undefined) jobs[name]?.push(j.Finished - j.Received)
      }
    }
    const full: number[] = []
    const revalidated: number[] = []
    const etag = String((await hostRequest(port, host, '/')).headers.etag)
    for (let run = 0; run < ctx.runs; run++) {
      ctx.progress(`website: ${REQUESTS} GET / and ${REQUESTS} revalidations, run ${run + 1}/${ctx.runs}`)
      const a: number[] = []
      const b: number[] = []
      for (let i = 0; i < REQUESTS; i++) {
        let t0 = performance.now()
        if ((await hostRequest(port, host, '/')).status !== 200) throw new Error('GET / did not answer 200')
        a.push(since(t0))
        t0 = performance.now()
        const r = await hostRequest(port, host, '/', { headers: { 'if-none-match': etag } })
        if (r.status !== 304) throw new Error('If-None-Match did not answer 304')
        b.push(since(t0))
      }
      full.push(median(a) * 1000)
      revalidated.push(median(b) * 1000)
    }
    return [
      { measure: 'website job, static template (received → finished)', unit: 'ms', samples: jobs.plain ?? [] },
      { measure: 'website job, build template: build.sh', unit: 'ms', samples: jobs.built ?? [] },
      { measure: `GET / p50 of ${REQUESTS}, a new connection each`, unit: 'µs', samples: full },
      { measure: `If-None-Match → 304 p50 of ${REQUESTS}`, unit: 'µs', samples: revalidated }
    ]
  } finally {
    await u.stop()
  }
}
