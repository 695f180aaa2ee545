/**
 * A code commit goes live as a whole: a job whose second function fails to build publishes nothing (both keep
 * serving the previous commit); when both change in one push, a client asking each in turn never gets an old
 * answer after a new one; and a code job builds against the config of its own time, not a config head that
 * already lists a function whose code comes later.
 */
import { describe, test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { copyFile, readFile, rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { Console, FunctionView, ProjectView } from '../../src/console/console.js'
import type { ConsoleSession } from '../../src/console/session.js'
import { editRepo } from '../../src/console/workspace.js'
import type { Universe } from '../../src/index.js'
import { startUniverse } from '../helpers/universe.js'
import { FAILED, SUCCESS, jobLog, pipelineData, runPush } from '../helpers/pipeline.js'
import { consoleFor, hostRequest, httpPort, pushAllAndWait, type HttpResult } from '../helpers/serving.js'

/** Returns once the clock's second has moved on (git commit times have one-second steps). */
async function laterSecond(): Promise<void> {
  const s = Math.floor(Date.now() / 1000)
  for (let i = 0; Math.floor(Date.now() / 1000) === s; i++) {
    assert.ok(i < 200, 'the clock did not move on')
    await new Promise(resolve => setTimeout(resolve, 10))
  }
}

describe('a code commit goes live as a whole', { timeout: 600_000 }, () => {
  let u: Universe
  let c: Console
  let s: ConsoleSession
  let project: ProjectView
  let ping: FunctionView
  let echo: FunctionView
  let port: number

  before(async () => {
    u = await startUniverse({ webhooks: false })
    ;({ console: c, session: s } = await consoleFor(u))
    project = await c.newProject('live')
    ping = await c.newFunction('ping_pong', { project: 'live', template: 'ping_pong', language: 'assemblyscript' })
    echo = await c.newFunction('echo', { project: 'live', template: 'echo', language: 'assemblyscript' })
    await pushAllAndWait(u)
    port = httpPort(u)
  })
  after(async () => {
    await u?.stop()
  })

  /** Edits both functions' sources in one commit of the code repository; returns the commit. */
  const editCode = async (message: string, edit: (file: string, text: string) => string): Promise<string> =>
    await editRepo(project.code.url, s, message, async dir => {
      for (const f of ['functions/ping_pong/ping_pong.ts', 'functions/echo/echo.ts']) {
        const p = join(dir, f)
        await writeFile(p, edit(f, await readFile(p, 'utf8')))
      }
    })
  const getPing = async (): Promise<HttpResult> => await hostRequest(port, ping.fqdn, '/ping')
  const postEcho = async (): Promise<HttpResult> =>
    await hostRequest(port, echo.fqdn, '/echo', { method: 'POST', body: 'x' })
  /** The code commit that built what answered (the provenance header). */
  const commitOf = (r: HttpResult): string => String(r.headers['x-dream-commit'])

  test('one function changed, the other broken: the job fails and neither is published', async () => {
    const served = commitOf(await getPing())
    assert.equal(commitOf(await postEcho()), served)
    await editCode('ping louder, echo broken', (f, text) =>
      f.endsWith('ping_pong.ts') ? text.replace('"PONG"', '"PONG 2"') : `${text}\nlet broken: i32 = ;\n`
    )
    const [job] = await runPush(u, 'push-code', { project: 'live' })
    assert.equal(job?.Status, FAILED)
    const log = await jobLog(u, job)
    // The good build may be in hoarder already (modules are stored as they are built): only TNS makes it live.
    assert.doesNotMatch(log, /tns publish/, 'and nothing was published')
    const p = await getPing()
    assert.equal(p.body, 'PONG')
    assert.equal(commitOf(p), served)
    const e = await postEcho()
    assert.equal(e.status, 200)
    assert.equal(commitOf(e), served)
  })

  test('a config head listing a function added later does not fail the code commit made before it', async () => {
    const fixed = (f: string, text: string): string =>
      f.endsWith('echo.ts') ? text.replace('\nlet broken: i32 = ;\n', '') : text
    await editCode('echo fixed', fixed)
    await laterSecond()
    await editRepo(project.config.url, s, 'a function whose code is not pushed yet', async dir => {
      await copyFile(pipelineData('ghost.yaml'), join(dir, 'functions', 'ghost.yaml'))
    })
    const [job] = await runPush(u, 'push-code', { project: 'live' })
    assert.ok(job !== undefined)
    const log = await jobLog(u, job)
    assert.equal(job.Status, SUCCESS, log)
    assert.doesNotMatch(log, /ghost/)
    assert.equal((await hostRequest(port, ping.fqdn, '/ping')).body, 'PONG 2')
  })

  test('two functions changed in one push: after the first new answer, no old one', async () => {
    const before = commitOf(await getPing())
    assert.equal((await getPing()).body, 'PONG 2')
    await editRepo(project.config.url, s, 'the function without code removed', async dir => {
      await rm(join(dir, 'functions', 'ghost.yaml'))
    })
    await laterSecond()
    const commit = await editCode('ping and echo, version 3', (f, text) =>
      f.endsWith('ping_pong.ts')
        ? text.replace('"PONG 2"', '"PONG 3"')
        : text.replace('"{\\"method\\":"', '"{\\"v\\":3,\\"method\\":"')
    )
    let done = false
    const pushing = runPush(u, 'push-code', { project: 'live' }).finally(() => {
      done = true
    })
    // Clients each asking both functions in turn, one request at a time, from before the job starts until well
    // after it ended. A request sent after any client got a new answer must get a new answer too.
    let firstNew: string | undefined
    let requests = 0
    const client = async (k: number): Promise<void> => {
      for (let i = k, afterJob = 0; afterJob < 20; i++) {
        const asking = i % 2 === 0 ? '/ping' : '/echo'
        const sentAfter = firstNew
        requests++
        const r = asking === '/ping' ? await getPing() : await postEcho()
        assert.equal(r.status, 200, `${asking}: ${r.body}`)
        const isNew = asking === '/ping' ? r.body === 'PONG 3' : r.body.startsWith('{"v":3,')
        assert.equal(commitOf(r), isNew ? commit : before, `${asking} said ${r.body}: the provenance of its commit`)
        if (isNew) firstNew ??= `client ${k}'s request ${i} (${asking})`
        else assert.equal(sentAfter, undefined, `client ${k}'s ${asking} came from the old commit after ${sentAfter}`)
        if (done) afterJob++
      }
    }
    await Promise.all([0, 1, 2].map(client))
    const [job] = await pushing
    assert.ok(job !== undefined)
    const log = await jobLog(u, job)
    assert.equal(job.Status, SUCCESS, log)
    assert.ok(firstNew !== undefined, `no new answer in ${requests} requests`)
    assert.match(log, /tns publish 4 path\(s\) in one batch: ok/)
  })
})
