/**
 * The fixtures that publish without a git push: build-local-project (a project folder's config into TNS, its
 * functions and its library into hoarder, served afterwards), inject-project (a config folder), fake-project
 * (the built-in test project), and attach-domain (a domain committed to a project's config repository). Run
 * through the control API in both spellings: this dream's (`build-local-project`, params by name) and Taubyte's
 * (`buildLocalProject`, positional params).
 */
import { after, before, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { cp, mkdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { FAKE_PROJECT_ID } from '../../fixtures/fake-project.js'
import type { Daemon, Universe } from '../../src/index.js'
import { tempDir } from '../helpers/githost.js'
import { consoleOf, runPush, SUCCESS, tnsOf } from '../helpers/pipeline.js'
import { hostRequest, httpPort, waitForBody } from '../helpers/serving.js'
import { startTestDaemon, uniqueName } from '../helpers/universe.js'
import { ROOT } from '../vm/functions.js'

const PROJECT = 'QmLocaLBuiLdProjectLocaLBuiLdProjectLocaL1234'
const FQDN = 'local.example.com'

/** A project folder as Taubyte's tools lay it out: config/ (the config repository) and code/ (the code one). */
async function writeProject(dir: string): Promise<void> {
  const files: Record<string, string> = {
    'config/config.yaml': `id: ${PROJECT}\nname: localbuild\ndescription: built from a folder\n`,
    'config/domains/local.yaml': `id: QmLocaLDomainLocaLDomainLocaLDomainLocaLDo123\nfqdn: ${FQDN}\n`,
    'config/functions/ping_pong.yaml': [
      'id: QmLocaLFunctionLocaLFunctionLocaLFunction1234',
      'trigger:',
      '  type: https',
      '  method: get',
      '  paths: [/ping]',
      '  domains: [local]',
      'source: .',
      'execution:',
      '  timeout: 10s',
      '  memory: 10MB',
      '  call: ping',
      ''
    ].join('\n'),
    'config/libraries/greet.yaml': [
      'id: QmLocaLLibraryLocaLLibraryLocaLLibraryLoc1234',
      'source:',
      '  path: /',
      '  branch: main',
      '  github: { id: "1", fullname: local/tb_library_greet }',
      ''
    ].join('\n'),
    'config/websites/site.yaml': [
      'id: QmLocaLWebsiteLocaLWebsiteLocaLWebsiteLoc1234',
      'domains: [local]',
      'source: { paths: [/site], branch: main, github: { id: "2", fullname: local/tb_website_site } }',
      ''
    ].join('\n'),
    'config/websites/gone.yaml': [
      'id: QmLocaLGoneSiteLocaLGoneSiteLocaLGoneSite1234',
      'domains: [local]',
      'source: { paths: [/gone], branch: main, github: { id: "3", fullname: local/tb_website_gone } }',
      ''
    ].join('\n'),
    'websites/site/index.html': 'hello from a local website',
    'config/functions/hello.yaml': [
      'id: QmLocaLHeLLoLocaLHeLLoLocaLHeLLoLocaLHeLL1234',
      'trigger: { type: https, method: get, paths: [/hello], domains: [local] }',
      'source: libraries/greet',
      'execution: { timeout: 10s, memory: 10MB, call: pong }',
      ''
    ].join('\n')
  }
  for (const [path, text] of Object.entries(files)) {
    await mkdir(join(dir, path, '..'), { recursive: true })
    await writeFile(join(dir, path), text)
  }
  await cp(join(ROOT, 'templates', 'ping_pong', 'assemblyscript'), join(dir, 'code', 'functions', 'ping_pong'), {
    recursive: true
  })
  await cp(join(ROOT, 'templates', 'libraries', 'ping_pong', 'assemblyscript'), join(dir, 'libraries', 'greet'), {
    recursive: true
  })
}

describe('fixtures that publish without a push', { timeout: 300_000 }, () => {
  let d: Daemon
  let u: Universe
  let tmp: Awaited<ReturnType<typeof tempDir>>
  const name = uniqueName('local')

  before(async () => {
    tmp = await tempDir('dream-local-fixtures-')
    await writeProject(tmp.path)
    d = await startTestDaemon({ universes: [{ name, spec: { webhooks: false } }] })
    u = d.multiverse.get(name)
  })
  after(async () => {
    await d?.stop()
    await tmp?.cleanup()
  })

  const fixture = async (f: string, params: unknown): Promise<{ status: number; body: Record<string, unknown> }> => {
    const r = await d.api.inject({ method: 'POST', url: `/fixture/${name}/${f}`, payload: { params } })
    return { status: r.statusCode, body: JSON.parse(r.body) as Record<string, unknown> }
  }
  /** The commit a branch of a project serves (TNS answers the `current` pointer's value). */
  const current = async (project: string, branch: string): Promise<string | null> =>
    await tnsOf(u).fetch<string>(['projects', project, 'branches', branch, 'current'])

  test("buildLocalProject (Taubyte's positional params): the folder's function and library, served", async () => {
    const r = await fixture('buildLocalProject', ['true', 'true', tmp.path, ''])
    assert.equal(r.status, 200, JSON.stringify(r.body))
    const data = r.body.data as {
      projectId: string
      commit: string
      assets: Record<string, string>
      unbuilt: string[]
    }
    assert.equal(data.projectId, PROJECT)
    assert.match(data.commit, /^[0-9a-f]{40}$/)
    assert.deepEqual(Object.keys(data.assets).sort(), [
      'QmLocaLFunctionLocaLFunctionLocaLFunction1234',
      'QmLocaLLibraryLocaLLibraryLocaLLibraryLoc1234',
      'QmLocaLWebsiteLocaLWebsiteLocaLWebsiteLoc1234'
    ])
    assert.deepEqual(data.unbuilt, ['websites/gone'], 'a website without a folder is said not built')
    assert.match((r.body.lines as string[]).join('\n'), /websites\/gone: no such folder, not built/)
    assert.equal(await current(PROJECT, 'main'), data.commit)
    await waitForBody(httpPort(u), FQDN, '/ping', 'PONG')
    // A function that runs the library's `pong`, built from libraries/greet.
    await waitForBody(httpPort(u), FQDN, '/hello', 'PING')
    await waitForBody(httpPort(u), FQDN, '/site/index.html', 'hello from a local website')
  })

  test('build-local-project --code false publishes the config only; the commit hashes every folder', async () => {
    const r = await fixture('build-local-project', { path: tmp.path, code: 'false', branch: 'other' })
    assert.equal(r.status, 200, JSON.stringify(r.body))
    const data = r.body.data as { commit: string; assets: Record<string, string> }
    assert.deepEqual(data.assets, {})
    assert.equal(await current(PROJECT, 'other'), data.commit)
    const main = await current(PROJECT, 'main')
    assert.notEqual(data.commit, main, 'the code, libraries and websites folders count in the commit')
    // The same folders are the same commit; a change in the code folder alone is a new one.
    const again = await fixture('build-local-project', { path: tmp.path, branch: 'again' })
    assert.equal((again.body.data as { commit: string }).commit, main)
    await writeFile(join(tmp.path, 'code', 'NOTES'), 'a change outside config/\n')
    const changed = await fixture('build-local-project', { path: tmp.path, branch: 'changed' })
    assert.notEqual((changed.body.data as { commit: string }).commit, main)
  })

  test('build-local-project refuses what it cannot build, naming it', async () => {
    const relative = await fixture('build-local-project', { path: 'my/project' })
    assert.equal(relative.status, 400)
    assert.match(String(relative.body.error), /absolute path/)
    const none = await fixture('build-local-project', { path: tmp.path, config: 'false', code: 'false' })
    assert.match(String(none.body.error), /nothing to build/)
    const bad = await fixture('build-local-project', { path: tmp.path, code: 'maybe' })
    assert.match(String(bad.body.error), /--code must be true or false/)
    const missing = await fixture('build-local-project', {})
    assert.equal(missing.body.code, 'FIXTURE_PARAM_MISSING')
  })

  test('injectProject: a config folder on its own, published under a branch', async () => {
    const r = await fixture('injectProject', [join(tmp.path, 'config'), 'dev'])
    assert.equal(r.status, 200, JSON.stringify(r.body))
    assert.equal(await current(PROJECT, 'dev'), (r.body.data as { commit: string }).commit)
    const code = await fixture('inject-project', { path: join(tmp.path, 'code') })
    assert.equal(code.status, 400)
    assert.match(String(code.body.error), /has no config\.yaml/)
  })

  test("fakeProject: Taubyte's test project, config only, in TNS", async () => {
    const r = await fixture('fakeProject', [])
    assert.equal(r.status, 200, JSON.stringify(r.body))
    const commit = await current(FAKE_PROJECT_ID, 'main')
    assert.equal(commit, (r.body.data as { commit: string }).commit)
    const object = await tnsOf(u).fetch<{ name?: string; functions?: Record<string, { name: string }> }>([
      'branches',
      'main',
      'commit',
      commit ?? '',
      'projects',
      FAKE_PROJECT_ID
    ])
    assert.equal(object?.name, 'testproject')
    assert.deepEqual(
      Object.values(object?.functions ?? {}).map(f => f.name),
      ['ping']
    )
    // Its function is known (not a 404) but has no build.
    assert.notEqual((await hostRequest(httpPort(u), 'hal.computers.com', '/ping')).status, 404)
  })

  test('attachDomain: a generated fqdn by default, or the given one, built by the config push', async () => {
    const none = await fixture('attachDomain', [])
    assert.equal(none.status, 400)
    assert.match(String(none.body.error), /no project/)
    const c = await consoleOf(u)
    const p = await c.newProject('attached')
    const generated = await fixture('attachDomain', [])
    assert.equal(generated.status, 200, JSON.stringify(generated.body))
    const g = generated.body.data as { name: string; fqdn: string }
    assert.equal(g.name, 'GeneratedDomain')
    assert.ok(g.fqdn.endsWith(`.${u.fqdn}`), g.fqdn)
    // Not hal.computers.com: the fake project's function serves that host, and a host belongs to its first project.
    const given = await fixture('attach-domain', { fqdn: 'attached.computers.com', project: 'attached' })
    assert.equal((given.body.data as { name: string }).name, 'attached_computers_com')
    const [job] = await runPush(u, 'push-config', { project: 'attached' })
    assert.equal(job?.Status, SUCCESS)
    const commit = await current(p.id, 'main')
    const object = await tnsOf(u).fetch<{ domains?: Record<string, { fqdn: string }> }>([
      'branches',
      'main',
      'commit',
      commit ?? '',
      'projects',
      p.id
    ])
    assert.deepEqual(
      Object.values(object?.domains ?? {})
        .map(x => x.fqdn)
        .sort(),
      [g.fqdn, 'attached.computers.com'].sort()
    )
  })

  test('clearRepos deletes every repository; attachDomain then says the project has none (409)', async () => {
    const cleared = await fixture('clearRepos', [])
    assert.equal(cleared.status, 200, JSON.stringify(cleared.body))
    assert.ok(
      (cleared.body.lines as string[]).some(l => l.startsWith('deleted ')),
      JSON.stringify(cleared.body)
    )
    const attached = await fixture('attach-domain', { project: 'attached' })
    assert.equal(attached.status, 409, JSON.stringify(attached.body))
    assert.equal(attached.body.code, 'PROJECT_NO_REPOSITORY')
  })

  test('clearRepos without auth fails and says so, never "no repository to delete"', async () => {
    await u.kill('auth')
    const r = await fixture('clearRepos', [])
    assert.equal(r.status, 409, JSON.stringify(r.body))
    assert.equal(r.body.code, 'AUTH_NOT_RUNNING')
  })
})
