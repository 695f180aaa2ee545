/**
 * Libraries on real nodes: one AssemblyScript library (its own repository, `dream new library`) used by two
 * functions with `source: libraries/<name>` and different calls. Before the library is built they answer 503
 * naming it and what to do; once its job ran (the push-library fixture) both are served from its one module; a
 * change of the library, pushed with push-all (which includes library repositories), is served by both. A Go
 * library is built with the Go toolchain; its repository pushed before a compiled config lists it is refused.
 */
import { describe, test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { Console, FunctionView } from '../../src/console/console.js'
import { newLibrary, type LibraryView } from '../../src/console/library.js'
import type { ConsoleSession } from '../../src/console/session.js'
import { editRepo } from '../../src/console/workspace.js'
import type { Universe } from '../../src/index.js'
import { startUniverse } from '../helpers/universe.js'
import { SUCCESS, authHook, authRepo, headPayload, jobLog, postWebhook, runPush, signed } from '../helpers/pipeline.js'
import { consoleFor, hostRequest, httpPort, pushAllAndWait, waitForBody } from '../helpers/serving.js'

describe('a library used by two functions', { timeout: 600_000 }, () => {
  let u: Universe
  let c: Console
  let s: ConsoleSession
  let lib: LibraryView
  let ping: FunctionView
  let pong: FunctionView
  let port: number

  before(async () => {
    u = await startUniverse({ webhooks: false })
    ;({ console: c, session: s } = await consoleFor(u))
    const project = await c.newProject('libs')
    lib = await newLibrary(s, project, 'greetings', { language: 'assemblyscript' })
    const common = { project: 'libs', template: 'ping_pong', language: 'assemblyscript', library: 'greetings' } as const
    ping = await c.newFunction('ping', { ...common, call: 'ping', path: '/ping' })
    pong = await c.newFunction('pong', { ...common, call: 'pong', path: '/pong' })
    const jobs = await runPush(u, 'push-config', { project: 'libs' })
    assert.deepEqual(
      jobs.map(j => j.Status),
      [SUCCESS]
    )
    port = httpPort(u)
  })
  after(async () => {
    await u?.stop()
  })

  test('before the library is built: 503 naming the library and what to do', async () => {
    const r = await hostRequest(port, ping.fqdn, '/ping')
    assert.equal(r.status, 503)
    assert.match(r.body, /function ping runs library greetings, which has no build on branch main yet/)
    assert.match(r.body, new RegExp(`repository ${lib.repository.fullname}`))
    assert.match(r.body, /dream inject push-library --name greetings/)
  })

  test('push-library builds it: each function runs its own call of the one module', async () => {
    const [job] = await runPush(u, 'push-library', { name: 'greetings' })
    assert.equal(job?.Status, SUCCESS, job === undefined ? 'no job' : await jobLog(u, job))
    assert.match(await jobLog(u, job), /library \S+ of project/)
    assert.equal((await waitForBody(port, ping.fqdn, '/ping', 'PONG')).body, 'PONG')
    assert.equal((await waitForBody(port, pong.fqdn, '/pong', 'PING')).body, 'PING')
  })

  test('a library change is served by both functions (push-all includes the library repository)', async () => {
    await editRepo(lib.repository.url, s, 'louder', async dir => {
      const file = join(dir, 'index.ts')
      await writeFile(file, (await readFile(file, 'utf8')).replace('"PONG"', '"PONG 2"').replace('"PING"', '"PING 2"'))
    })
    const jobs = await pushAllAndWait(u, 'push-all', { project: 'libs' })
    assert.deepEqual(
      jobs.map(j => j.kind),
      ['config', 'code', 'library']
    )
    await waitForBody(port, ping.fqdn, '/ping', 'PONG 2')
    await waitForBody(port, pong.fqdn, '/pong', 'PING 2')
  })
})

describe('a Go library', { timeout: 600_000 }, () => {
  let u: Universe

  before(async () => {
    u = await startUniverse({ webhooks: false })
  })
  after(async () => {
    await u?.stop()
  })

  test('is built with the Go toolchain and served through a function that calls its pong', async () => {
    const { console: c, session: s } = await consoleFor(u)
    const project = await c.newProject('golib')
    const lib = await newLibrary(s, project, 'gogreet', { language: 'go' })
    assert.deepEqual(lib.calls, ['ping', 'pong'])
    const fn = await c.newFunction('hi', {
      project: 'golib',
      template: 'ping_pong',
      library: 'gogreet',
      call: 'pong',
      path: '/hi'
    })
    // Pushed before any compiled config lists it, the library's repository belongs to no project yet.
    const repo = await authRepo(u, lib.repository.id)
    const hook = await authHook(u, repo.hooks[0] ?? '')
    const body = await headPayload(u, lib.repository.fullname, Date.now())
    const early = await postWebhook(u, hook.id, body, signed(body, hook.secret))
    assert.equal(early.status, 400)
    assert.equal(early.json.code, 'WEBHOOK_NO_PROJECT')
    assert.match(early.json.error, /push the config that lists it first/)
    await runPush(u, 'push-config', { project: 'golib' })
    const [job] = await runPush(u, 'push-library', { project: 'golib' })
    assert.equal(job?.Status, SUCCESS, job === undefined ? 'no job' : await jobLog(u, job))
    assert.match(await jobLog(u, job), /go build in \d+ ms/)
    assert.equal((await waitForBody(httpPort(u), fn.fqdn, '/hi', 'PING')).body, 'PING')
  })
})
