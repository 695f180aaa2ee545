/**
 * Websites on a real universe: two websites made as `dream new website` makes them (one served as its files are,
 * one built by its `.taubyte/build.sh`) beside a function on the same generated domain; the config, code and
 * website repositories pushed by push-all (and push-website); the sites served by the substrate with index documents,
 * content types, ETag/304, redirects and 404s; and a failing build that leaves the last good build serving, as
 * does a site past the website bounds (set small here through monkey's options: 1 MiB).
 */
import { describe, test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { FIXTURES } from '../../fixtures/index.js'
import { waitForJobs } from '../../fixtures/push.js'
import type { Console, ProjectView } from '../../src/console/console.js'
import type { ConsoleSession } from '../../src/console/session.js'
import { newWebsite, type WebsiteView } from '../../src/console/website.js'
import { editRepo } from '../../src/console/workspace.js'
import type { Universe } from '../../src/index.js'
import { monkey } from '../../src/services/monkey/index.js'
import type { Job } from '../../src/services/patrick/job.js'
import { assetKey, generateId } from '../../src/shared/ids.js'
import { readZip } from '../../src/shared/zip.js'
import { fixtureContextOf } from '../../src/universe/fixture-context.js'
import { hoarderOf, jobLog, tnsOf } from '../helpers/pipeline.js'
import { consoleFor, hostRequest, httpPort, pushAllAndWait } from '../helpers/serving.js'
import { startUniverse } from '../helpers/universe.js'

/** The most a site may hold in these tests. */
const SITE_BYTES = 1024 * 1024

describe('websites are built by monkey and served by the substrate', { timeout: 600_000 }, () => {
  let u: Universe
  let c: Console
  let s: ConsoleSession
  let project: ProjectView
  let home: WebsiteView
  let docs: WebsiteView
  let siteJobs: Job[]
  let port: number

  const pushWebsites = async (): Promise<Job[]> => {
    const ctx = fixtureContextOf(u)
    const fixture = FIXTURES['push-website']
    if (fixture === undefined) throw new Error('no push-website fixture')
    const r = await fixture.run(ctx, { wait: 'true' })
    return await waitForJobs(ctx, (r.data as { jobs: string[] }).jobs)
  }
  const get = async (path: string, headers: Record<string, string> = {}, method = 'GET') =>
    await hostRequest(port, home.fqdn, path, { headers, method })

  before(async () => {
    // Webhooks off: the builds run when the fixtures say so.
    u = await startUniverse({ webhooks: false, factories: { monkey: monkey({ website: { maxBytes: SITE_BYTES } }) } })
    ;({ console: c, session: s } = await consoleFor(u))
    project = await c.newProject('sites')
    await c.newFunction('ping_pong', { project: 'sites', template: 'ping_pong', language: 'assemblyscript' })
    home = await newWebsite(c, s, 'home', { project: 'sites' })
    docs = await newWebsite(c, s, 'docs', { project: 'sites', template: 'build', path: '/docs' })
    // push-all: the config and code repositories, then the website repositories their config build listed.
    const pushed = await pushAllAndWait(u)
    assert.deepEqual(
      pushed.map(p => p.kind),
      ['config', 'code', 'website', 'website']
    )
    siteJobs = pushed.filter(p => p.kind === 'website').map(p => p.job)
    port = httpPort(u)
  })
  after(async () => {
    await u?.stop()
  })

  test('each website has its own repository, registered with auth and named in the config', () => {
    assert.equal(home.repo.fullname.split('/')[1], 'tb_website_home')
    assert.equal(docs.repo.fullname.split('/')[1], 'tb_website_docs')
    assert.equal(home.fqdn, docs.fqdn, 'both on the generated domain')
    assert.equal(siteJobs.length, 2)
    for (const j of siteJobs) assert.equal(j.Status, 'succeeded', j.Id)
  })

  test('the build is one archive in hoarder by CID, recorded at TNS assets/<hash(project, site, branch)>', async () => {
    const links = await tnsOf(u).fetch<string[]>(['http', 'websites', ...home.fqdn.split('.').reverse(), 'links'])
    assert.equal(links?.length, 2)
    const names = new Map<string, string[]>()
    for (const link of links ?? []) {
      const id = link.split('/').at(-1) ?? ''
      const cid = await tnsOf(u).fetch<string>(['assets', assetKey(project.id, id, 'main')])
      assert.equal(typeof cid, 'string', link)
      const files = (await readZip(await hoarderOf(u).get(cid as string), 1 << 20)).map(f => f.name)
      names.set(files.includes('build.txt') ? 'docs' : 'home', files.sort())
    }
    // Without a build step: the repository as it is, without .taubyte. With one: what build.sh left in $OUT.
    assert.deepEqual(names.get('home'), ['404.html', 'css/site.css', 'index.html'])
    assert.deepEqual(names.get('docs'), ['404.html', 'build.txt', 'index.html', 'site.css'])
  })

  test('GET / answers the index document as text/html with an ETag and the build provenance', async () => {
    const r = await get('/')
    assert.equal(r.status, 200, r.body)
    assert.match(r.body, /Hello from dream/)
    assert.equal(r.headers['content-type'], 'text/html; charset=utf-8')
    assert.match(String(r.headers.etag), /^"[^"]+"$/)
    assert.ok(
      siteJobs.some(j => j.Id === r.headers['x-dream-job']),
      'x-dream-job names a website job'
    )
    const css = await get('/css/site.css')
    assert.equal(css.status, 200)
    assert.equal(css.headers['content-type'], 'text/css; charset=utf-8')
  })

  test('If-None-Match with the ETag answers 304 without a body; Range 206; HEAD answers the head alone', async () => {
    const first = await get('/css/site.css')
    const etag = String(first.headers.etag)
    const again = await get('/css/site.css', { 'if-none-match': etag })
    assert.equal(again.status, 304)
    assert.equal(again.body, '')
    assert.equal(again.headers.etag, etag)
    const other = await get('/css/site.css', { 'if-none-match': '"something-else"' })
    assert.equal(other.status, 200)
    const part = await get('/css/site.css', { range: 'bytes=0-3' })
    assert.equal(part.status, 206)
    assert.equal(part.body, first.body.slice(0, 4))
    assert.equal(part.headers['content-range'], `bytes 0-3/${Buffer.byteLength(first.body)}`)
    const head = await get('/css/site.css', {}, 'HEAD')
    assert.equal(head.status, 200)
    assert.equal(head.body, '')
    assert.equal(head.headers['content-length'], String(Buffer.byteLength(first.body)))
  })

  test("a folder without its slash is redirected; a missing file answers the site's own 404 page", async () => {
    const dir = await get('/css')
    assert.equal(dir.status, 301)
    assert.equal(dir.headers.location, 'css/')
    const missing = await get('/nope.png')
    assert.equal(missing.status, 404)
    assert.match(missing.body, /This website has no such page/)
    assert.equal(missing.headers['content-type'], 'text/html; charset=utf-8')
  })

  test('the built website serves under /docs what its build.sh made (with its config variables)', async () => {
    const index = await get('/docs')
    assert.equal(index.status, 200, index.body)
    assert.match(index.body, /Built by dream/)
    const built = await get('/docs/build.txt')
    assert.equal(built.body, 'built dream\n')
    assert.equal(built.headers['content-type'], 'text/plain; charset=utf-8')
    assert.equal((await get('/docs/public/index.html')).status, 404, 'the repository itself is not the site')
  })

  test('a function and websites share the domain: the exact function path goes to the function', async () => {
    const ping = await get('/ping')
    assert.equal(ping.status, 200)
    assert.equal(ping.body, 'PONG')
    // A website answers GET and HEAD: another method no function serves is the website's 405, naming both.
    for (const path of ['/', '/ping']) {
      const post = await get(path, {}, 'POST')
      assert.equal(post.status, 405, path)
      assert.equal(post.headers.allow, 'GET, HEAD')
      assert.match(post.body, new RegExp(`website home answers GET and HEAD only, and no function serves POST ${path}`))
    }
  })

  test('a website inside an application is built and served under its path', async () => {
    const shop = await newWebsite(c, s, 'shop', { project: 'sites', path: '/shop' })
    // Moved into applications/shop/, where tau's layout puts an application's websites.
    await editRepo(project.config.url, s, 'website shop into application shop', async dir => {
      const yaml = await readFile(join(dir, 'websites', 'shop.yaml'), 'utf8')
      await rm(join(dir, 'websites', 'shop.yaml'))
      await mkdir(join(dir, 'applications', 'shop', 'websites'), { recursive: true })
      await writeFile(
        join(dir, 'applications', 'shop', 'config.yaml'),
        `id: ${generateId('shop')}\ndescription: shop\n`
      )
      await writeFile(join(dir, 'applications', 'shop', 'websites', 'shop.yaml'), yaml)
    })
    const pushed = await pushAllAndWait(u)
    assert.equal(pushed.filter(p => p.kind === 'website').length, 3)
    const links = await tnsOf(u).fetch<string[]>(['http', 'websites', ...shop.fqdn.split('.').reverse(), 'links'])
    assert.ok(
      links?.some(l => l.includes('/applications/') && l.includes('/websites/')),
      JSON.stringify(links)
    )
    const r = await get('/shop/css/site.css')
    assert.equal(r.status, 200, r.body)
    assert.equal(r.headers['content-type'], 'text/css; charset=utf-8')
  })

  test('a failing build.sh fails the job with its exit code, and the last good build keeps serving', async () => {
    await editRepo(docs.repo.url, s, 'break the build', async dir => {
      const script = join(dir, '.taubyte', 'build.sh')
      await writeFile(script, `${await readFile(script, 'utf8')}\necho "about to fail"\nexit 3\n`)
    })
    const jobs = await pushWebsites()
    const failed = jobs.find(j => j.Status !== 'succeeded')
    assert.ok(failed !== undefined, 'the docs job failed')
    assert.equal(failed.Status, 'failed')
    const log = await jobLog(u, failed)
    assert.match(log, /about to fail/)
    assert.match(log, /build\.sh exited with code 3/)
    const built = await get('/docs/build.txt')
    assert.equal(built.body, 'built dream\n')
  })
  test('a site past the bounds (a file of zeros, a small push) is refused; the last good build serves', async () => {
    const before = await get('/css/site.css')
    assert.equal(before.status, 200)
    await editRepo(home.repo.url, s, 'a file of zeros', async dir => {
      await writeFile(join(dir, 'zeros.bin'), Buffer.alloc(4 * SITE_BYTES))
    })
    const jobs = await pushWebsites()
    const refused = []
    for (const j of jobs) if (j.Status === 'failed' && (await jobLog(u, j)).includes('zeros.bin')) refused.push(j)
    assert.equal(refused.length, 1, 'the home job failed, naming the file past the bound')
    const after = await get('/css/site.css')
    assert.equal(after.status, 200, after.body)
    assert.equal(after.body, before.body)
    assert.equal((await get('/zeros.bin')).status, 404)
  })
})
