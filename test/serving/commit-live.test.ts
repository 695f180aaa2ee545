/**
 * A code commit goes live as a whole: a job whose second function fails to build publishes nothing (the first
 * function keeps serving the previous commit), and a code job builds against the config of its own time, not
 * a config head that already lists a function whose code comes later.
 */
import { describe, test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { copyFile, readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { Console, FunctionView, ProjectView } from '../../src/console/console.js'
import type { ConsoleSession } from '../../src/console/session.js'
import { editRepo } from '../../src/console/workspace.js'
import type { Universe } from '../../src/index.js'
import { startUniverse } from '../helpers/universe.js'
import { FAILED, SUCCESS, jobLog, pipelineData, runPush } from '../helpers/pipeline.js'
import { consoleFor, hostRequest, httpPort, pushAllAndWait } from '../helpers/serving.js'

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

  const editCode = async (message: string, edit: (file: string, text: string) => string): Promise<void> => {
    await editRepo(project.code.url, s, message, async dir => {
      for (const f of ['functions/ping_pong/ping_pong.ts', 'functions/echo/echo.ts']) {
        const p = join(dir, f)
        await writeFile(p, edit(f, await readFile(p, 'utf8')))
      }
    })
  }

  test('one function changed, the other broken: the job fails and neither is published', async () => {
    await editCode('ping louder, echo broken', (f, text) =>
      f.endsWith('ping_pong.ts') ? text.replace('"PONG"', '"PONG 2"') : `${text}\nlet broken: i32 = ;\n`
    )
    const [job] = await runPush(u, 'push-code', { project: 'live' })
    assert.equal(job?.Status, FAILED)
    assert.doesNotMatch(await jobLog(u, job), /tns push \/assets\//)
    assert.equal((await hostRequest(port, ping.fqdn, '/ping')).body, 'PONG')
    assert.equal((await hostRequest(port, echo.fqdn, '/echo', { method: 'POST', body: 'x' })).status, 200)
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
})
