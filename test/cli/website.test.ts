/**
 * Websites from the command line, as the README's Websites section runs them (webhooks on): `dream new website`,
 * `dream inject push-all --wait` and `push-website --wait`, then the site on the substrate; and
 * the one-line errors for an unknown template and a website that exists already.
 */
import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import type { Daemon } from '../../src/index.js'
import type { Universe } from '../../src/universe/universe.js'
import { runDream, type RunResult } from '../helpers/cli.js'
import { hostRequest, httpPort, waitForBody } from '../helpers/serving.js'
import { startTestDaemon, uniqueName } from '../helpers/universe.js'

let daemon: Daemon
let u: Universe
const name = uniqueName('site')

before(async () => {
  daemon = await startTestDaemon({ universes: [{ name, spec: {} }] })
  u = daemon.multiverse.get(name)
})
after(async () => {
  await daemon?.stop()
})

const dream = async (...args: string[]): Promise<RunResult> =>
  await runDream(args[0] === 'inject' ? [...args.slice(0, 2), name, ...args.slice(2)] : [...args, '-u', name], {
    apiPort: daemon.apiPort,
    timeoutMs: 180_000
  })
const describe = (r: RunResult): string =>
  `exit ${String(r.code)}\n--- stdout ---\n${r.stdout}--- stderr ---\n${r.stderr}`

test('new project, new website, inject push-all --wait and push-website --wait, served', async () => {
  const p = await dream('new', 'project', 'hello')
  assert.equal(p.code, 0, describe(p))
  const w = await dream('new', 'website', 'docs', '--project', 'hello', '--template', 'build', '--json')
  assert.equal(w.code, 0, describe(w))
  const site = JSON.parse(w.stdout) as { fqdn: string; url: string; repo: { fullname: string } }
  assert.equal(site.url, `http://${site.fqdn}/`)
  assert.match(site.repo.fullname, /\/tb_website_docs$/)
  const port = httpPort(u)
  // The config job lists the repository; push-all's second round pushes it, once listed.
  const all = await dream('inject', 'push-all', '--wait')
  assert.equal(all.code, 0, describe(all))
  assert.match(all.stdout, /queued job \w+ for \S+\/tb_website_docs \(website\)/)
  await waitForBody(port, site.fqdn, '/build.txt', 'built dream\n')

  const push = await dream('inject', 'push-website', '--wait')
  assert.equal(push.code, 0, describe(push))
  assert.match(push.stdout, /queued job \w+ for \S+\/tb_website_docs \(website\)/)
  assert.match(push.stdout, / succeeded/)
  const index = await hostRequest(port, site.fqdn, '/')
  assert.equal(index.status, 200)
  assert.match(index.body, /Built by dream/)
  // `dream ls` lists the website's route with its curl line.
  const ls = await dream('ls', '--project', 'hello', '--json')
  assert.equal(ls.code, 0, describe(ls))
  const routes = (JSON.parse(ls.stdout) as { projects: Array<{ routes: Array<Record<string, string>> }> }).projects[0]
    ?.routes
  const route = routes?.find(r => r.kind === 'website')
  assert.equal(route?.name, 'docs')
  assert.equal(route?.curl, `curl -H "Host: ${site.fqdn}" http://127.0.0.1:${port}/`)
})

test('an unknown template and a website that exists are one-line errors, and nothing is half-made', async () => {
  const bad = await dream('new', 'website', 'other', '--project', 'hello', '--template', 'nope')
  assert.equal(bad.code, 1, describe(bad))
  assert.match(bad.stderr, /unknown website template "nope"; templates: build, static/)
  const again = await dream('new', 'website', 'docs', '--project', 'hello')
  assert.equal(again.code, 1, describe(again))
  assert.match(again.stderr, /tb_website_docs already exists/)
  const { login } = await u.gitUser()
  assert.equal(await u.git.getRepo(login, 'tb_website_other'), undefined, 'no repository for the refused website')
  assert.notEqual(await u.git.getRepo(login, 'tb_website_docs'), undefined)
})
