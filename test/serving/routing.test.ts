/**
 * Serving: a real universe, a project made through the Console, ping_pong and echo
 * from the templates built by monkey with AssemblyScript; requests to the substrate's HTTP port routed by Host,
 * path and method; provenance headers; 404s; a new commit served without a restart.
 */
import { describe, test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import type { Console, FunctionView, ProjectView } from '../../src/console/console.js'
import type { ConsoleSession } from '../../src/console/session.js'
import type { Universe } from '../../src/index.js'
import { startUniverse } from '../helpers/universe.js'
import {
  codeJob,
  consoleFor,
  hostRequest,
  httpPort,
  nodeOf,
  pushAllAndWait,
  setFunctionSource,
  setFunctionYaml,
  waitForBody,
  type PushedJob
} from '../helpers/serving.js'

describe('substrate serves functions by Host, path and method', { timeout: 600_000 }, () => {
  let u: Universe
  let c: Console
  let s: ConsoleSession
  let project: ProjectView
  let ping: FunctionView
  let echo: FunctionView
  let pushed: PushedJob[]
  let port: number

  before(async () => {
    // Webhooks off: the builds run when push-all says so, and we know their jobs.
    u = await startUniverse({ webhooks: false })
    ;({ console: c, session: s } = await consoleFor(u))
    project = await c.newProject('hello')
    ping = await c.newFunction('ping_pong', { project: 'hello', template: 'ping_pong', language: 'assemblyscript' })
    echo = await c.newFunction('echo', { project: 'hello', template: 'echo', language: 'assemblyscript' })
    pushed = await pushAllAndWait(u)
    port = httpPort(u)
  })
  after(async () => {
    await u?.stop()
  })

  test('the Console gave both functions the generated domain of the universe', () => {
    assert.match(ping.fqdn, new RegExp(`^[a-z0-9]+0\\.${u.name}\\.localtau$`))
    assert.equal(echo.fqdn, ping.fqdn)
    assert.equal(ping.path, '/ping')
    assert.equal(ping.method, 'GET')
  })

  test('GET /ping with Host = fqdn → 200 PONG, with node, commit and job headers', async () => {
    const r = await hostRequest(port, ping.fqdn, '/ping')
    assert.equal(r.status, 200, r.body)
    assert.equal(r.body, 'PONG')
    const job = codeJob(pushed)
    assert.equal(r.headers['x-dream-node'], nodeOf(u, 'substrate').peerId)
    assert.equal(r.headers['x-dream-commit'], job.Meta.after)
    assert.equal(r.headers['x-dream-job'], job.Id)
    assert.equal(
      r.headers['content-type'],
      'text/plain; charset=utf-8',
      'sniffed, as Go would for a function that sets none'
    )
  })

  test('the first answer (resolved through TNS) and the hot ones that follow are the same response', async () => {
    // A Host spelling not asked for before is a route not hot yet: its first request takes the resolving path.
    const host = `${ping.fqdn.toUpperCase()}:7`
    const answers = []
    for (let i = 0; i < 3; i++) answers.push(await hostRequest(port, host, '/ping'))
    const shape = (r: { status: number; body: string; headers: Record<string, unknown> }): unknown => {
      const { date: _d, ...headers } = r.headers
      return { status: r.status, body: r.body, headers }
    }
    assert.equal(answers[0]?.body, 'PONG')
    for (const a of answers.slice(1)) assert.deepEqual(shape(a), shape(answers[0] as typeof a))
  })

  test('Host with a port and in upper case reaches the same function', async () => {
    for (const host of [`${ping.fqdn}:${port}`, ping.fqdn.toUpperCase(), `${ping.fqdn.toUpperCase()}:80`]) {
      const r = await hostRequest(port, host, '/ping')
      assert.equal(r.status, 200, `${host}: ${r.body}`)
      assert.equal(r.body, 'PONG')
    }
  })

  test('a query string does not change the path that is matched', async () => {
    const r = await hostRequest(port, ping.fqdn, '/ping?x=1')
    assert.equal(r.status, 200, r.body)
    assert.equal(r.body, 'PONG')
  })

  /** A 404 whose body is one line naming the host, the method and the path. */
  const assertNotFound = (r: { status: number; body: string }, host: string, method: string, path: string): void => {
    assert.equal(r.status, 404, r.body)
    const text = r.body.replace(/\n$/, '')
    assert.ok(!text.includes('\n'), `one line: ${JSON.stringify(r.body)}`)
    assert.ok(text.includes(host), `names the host: ${text}`)
    assert.ok(text.includes(method), `names the method: ${text}`)
    assert.ok(text.includes(path), `names the path: ${text}`)
  }

  test('the wrong method → 404', async () => {
    for (const method of ['POST', 'PUT', 'DELETE']) {
      assertNotFound(await hostRequest(port, ping.fqdn, '/ping', { method, body: 'x' }), ping.fqdn, method, '/ping')
    }
  })

  test('a YAML with the method in lower case serves that method', async () => {
    // The Console writes upper case; tau's own YAMLs often say `method: get`. Make echo's lower case.
    await setFunctionYaml(s, project, 'echo', y => {
      y.trigger = { ...y.trigger, method: 'post' }
    })
    await pushAllAndWait(u, 'push-config')
    const r = await hostRequest(port, echo.fqdn, '/echo', { method: 'POST', body: 'lower' })
    assert.equal(r.status, 200, r.body)
    assert.equal((JSON.parse(r.body) as { body: string }).body, 'lower')
    assertNotFound(await hostRequest(port, echo.fqdn, '/echo'), echo.fqdn, 'GET', '/echo')
  })

  test('an unknown host → 404 naming host, method and path', async () => {
    const host = `nope.${u.name}.localtau`
    assertNotFound(await hostRequest(port, host, '/ping'), host, 'GET', '/ping')
    assertNotFound(await hostRequest(port, '127.0.0.1', '/ping'), '127.0.0.1', 'GET', '/ping')
  })

  test('an unknown path on a known host → 404 naming host, method and path', async () => {
    for (const path of ['/pong', '/', '/ping/extra', '/PING']) {
      assertNotFound(await hostRequest(port, ping.fqdn, path), ping.fqdn, 'GET', path)
    }
  })

  test('a malformed percent-encoded path → 400, not a 5xx', async () => {
    for (const path of ['/%zz', '/%E0%A4%A']) {
      const r = await hostRequest(port, ping.fqdn, path)
      assert.equal(r.status, 400, `${path}: ${r.body}`)
    }
  })

  test('echo: a POST with a body and a query string is reported back', async () => {
    const body = 'hello "dream"\nline two'
    const r = await hostRequest(port, echo.fqdn, '/echo?a=1&b=two%20words', {
      method: 'POST',
      body,
      headers: { 'content-type': 'text/plain' }
    })
    assert.equal(r.status, 200, r.body)
    assert.match(String(r.headers['content-type']), /^application\/json/)
    assert.deepEqual(JSON.parse(r.body), { method: 'POST', path: '/echo', query: { a: '1', b: 'two words' }, body })
    assert.equal(r.headers['x-dream-job'], codeJob(pushed).Id)
  })

  test('echo: a binary-safe JSON body arrives unchanged', async () => {
    const body = JSON.stringify({ n: 1, s: 'ü' })
    const r = await hostRequest(port, echo.fqdn, '/echo', {
      method: 'POST',
      body,
      headers: { 'content-type': 'application/json' }
    })
    assert.equal(r.status, 200, r.body)
    assert.deepEqual(JSON.parse(r.body), { method: 'POST', path: '/echo', query: {}, body })
  })

  test('a new commit replaces the served code without restarting anything', async () => {
    const before = await hostRequest(port, ping.fqdn, '/ping')
    assert.equal(before.body, 'PONG')
    const sha = await setFunctionSource(s, project, 'ping_pong', {
      'ping_pong.ts': [
        'import { Event } from "sdk/event";',
        'export function ping(e: Event): u32 {',
        '  let h = e.http();',
        '  if (!h.ok) { return 1; }',
        '  if (h.unwrap().write("PONG v2").err) { return 1; }',
        '  return 0;',
        '}',
        ''
      ].join('\n')
    })
    const jobs = await pushAllAndWait(u, 'push-code')
    const job = codeJob(jobs)
    assert.equal(job.Meta.after, sha)
    const after = await waitForBody(port, ping.fqdn, '/ping', 'PONG v2')
    assert.equal(after.headers['x-dream-commit'], sha)
    assert.notEqual(after.headers['x-dream-commit'], before.headers['x-dream-commit'])
    assert.equal(after.headers['x-dream-job'], job.Id)
    assert.equal(after.headers['x-dream-node'], before.headers['x-dream-node'], 'the same substrate node answered')
    // echo, built again from the same code commit, still answers.
    const e = await hostRequest(port, echo.fqdn, '/echo?k=v', { method: 'POST', body: 'b' })
    assert.deepEqual(JSON.parse(e.body), { method: 'POST', path: '/echo', query: { k: 'v' }, body: 'b' })
  })
})
