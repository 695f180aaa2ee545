/**
 * Go functions end to end, as in the walkthrough: made from the Go templates through the Console, built by monkey
 * with the Go toolchain, served by the substrate; a function written against go-sdk's HTTP API; a compile error
 * fails its job naming file and line while the previous build keeps serving.
 */
import { describe, test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { readFile, rm, writeFile, appendFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { Console, FunctionView, ProjectView } from '../../src/console/console.js'
import type { ConsoleSession } from '../../src/console/session.js'
import { editRepo } from '../../src/console/workspace.js'
import type { Universe } from '../../src/index.js'
import { startUniverse } from '../helpers/universe.js'
import { FAILED, jobLog, runPush } from '../helpers/pipeline.js'
import { consoleFor, hostRequest, httpPort, pushAllAndWait, setFunctionYaml } from '../helpers/serving.js'
import { ROOT } from '../vm/functions.js'

describe('Go functions are built and served', { timeout: 600_000 }, () => {
  let u: Universe
  let c: Console
  let s: ConsoleSession
  let project: ProjectView
  let ping: FunctionView
  let api: FunctionView
  let port: number

  before(async () => {
    u = await startUniverse({ webhooks: false })
    ;({ console: c, session: s } = await consoleFor(u))
    project = await c.newProject('gofn')
    ping = await c.newFunction('ping_pong', { project: 'gofn', template: 'ping_pong', language: 'go' })
    api = await c.newFunction('api', { project: 'gofn', template: 'echo', language: 'go', method: 'PUT', path: '/api' })
    // `api` runs the go-sdk test handler instead of the echo template.
    const handler = await readFile(join(ROOT, 'test/data/functions/gosdk/gosdk.go'), 'utf8')
    await editRepo(project.code.url, s, 'api: go-sdk handlers', async dir => {
      await rm(join(dir, 'functions', 'api', 'echo.go'))
      await writeFile(join(dir, 'functions', 'api', 'api.go'), handler)
    })
    await setFunctionYaml(s, project, 'api', y => {
      y.execution = { ...y.execution, call: 'http' }
    })
    await pushAllAndWait(u)
    port = httpPort(u)
  })
  after(async () => {
    await u?.stop()
  })

  test('the Go ping_pong template answers PONG', async () => {
    assert.equal(ping.language, 'go')
    const r = await hostRequest(port, ping.fqdn, '/ping')
    assert.equal(r.status, 200, r.body)
    assert.equal(r.body, 'PONG')
  })

  test('query, headers, body and return code through go-sdk', async () => {
    const headers = { 'x-token': 't0k', 'user-agent': 'go-test' }
    const r = await hostRequest(port, api.fqdn, '/api?n=12', { method: 'PUT', body: 'data', headers })
    assert.equal(r.status, 201, r.body)
    assert.equal(r.headers['x-answer'], '42')
    assert.equal(r.body, `method=PUT host=${api.fqdn} path=/api ua=go-test n=12 token=t0k keys=n body=data`)
  })

  test('a compile error fails the code job with file:line, and the previous build keeps serving', async () => {
    await editRepo(project.code.url, s, 'broken', async dir => {
      await appendFile(join(dir, 'functions', 'ping_pong', 'ping_pong.go'), '\nfunc broken() { undefinedThing() }\n')
    })
    const [job] = await runPush(u, 'push-code', { project: 'gofn' })
    assert.ok(job !== undefined)
    assert.equal(job.Status, FAILED)
    assert.match(await jobLog(u, job), /functions\/ping_pong\/ping_pong\.go:\d+:\d+: error: undefined: undefinedThing/)
    const r = await hostRequest(port, ping.fqdn, '/ping')
    assert.equal(r.body, 'PONG')
  })
})
