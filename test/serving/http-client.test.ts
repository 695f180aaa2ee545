/**
 * Outbound HTTP and `self` from a Go function on real nodes (test/data/functions/gohttp, go-sdk's http/client and
 * self packages, unchanged): GET and POST with headers and body to a server this test starts, a redirect
 * followed (the universe lets functions reach that server with `allowOutbound`: it is on this machine); requests
 * to the control API (also through a redirect) and to the substrate's own port are refused with the SDK's error
 * and a log line saying why; a server that never answers fails the request before the function's own timeout; a
 * response over the bound fails. AssemblyScript functions (test/data/functions/asself, dream's `sdk/self`; ashttp,
 * dream's `sdk/http-client`) read the same `self` values and make the same requests; the control API and the git
 * host named as IPv4-mapped addresses, with a Host header of the function's choosing, are refused before anything
 * connects to them, and a Host header a function sets is not sent.
 */
import { describe, test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import { readFile, rm, writeFile } from 'node:fs/promises'
import type { AddressInfo } from 'node:net'
import { join } from 'node:path'
import type { Console, FunctionView, ProjectView } from '../../src/console/console.js'
import type { ConsoleSession } from '../../src/console/session.js'
import { editRepo } from '../../src/console/workspace.js'
import type { Daemon, Universe } from '../../src/index.js'
import {
  addCustomFunction,
  consoleFor,
  functionLogs,
  hostRequest,
  httpPort,
  pushAllAndWait,
  setFunctionYaml
} from '../helpers/serving.js'
import { startTestDaemon, uniqueName } from '../helpers/universe.js'
import { ROOT } from '../vm/functions.js'
import { MAX_RESPONSE_BYTES } from '../../src/services/substrate/host/outbound-http.js'

describe('functions make HTTP requests and read themselves through go-sdk', { timeout: 900_000 }, () => {
  let daemon: Daemon
  let u: Universe
  let c: Console
  let s: ConsoleSession
  let project: ProjectView
  let fn: FunctionView
  let asSelf: FunctionView
  let asHttp: FunctionView
  let fnId = ''
  let server: Server
  let serverPort: number
  /** Requests the slow path received and holds unanswered until the test ends. */
  const held: ServerResponse[] = []

  const call = async (q: Record<string, string>) =>
    await hostRequest(httpPort(u), fn.fqdn, `/gohttp?${new URLSearchParams(q).toString()}`, { timeoutMs: 60_000 })

  before(async () => {
    server = createServer((req: IncomingMessage, res: ServerResponse) => {
      if (req.url === '/slow') {
        held.push(res)
        return
      }
      if (req.url === '/moved' || req.url === '/to-api') {
        const to = req.url === '/moved' ? '/hello' : `http://127.0.0.1:${daemon.apiPort}/`
        res.writeHead(302, { location: to }).end()
        return
      }
      if (req.url === '/host') {
        res.end(`host=${req.headers.host ?? ''}`)
        return
      }
      if (req.url === '/big') {
        res.end(Buffer.alloc(MAX_RESPONSE_BYTES + 1, 'x'))
        return
      }
      const chunks: Buffer[] = []
      req.on('data', (b: Buffer) => chunks.push(b))
      req.on('end', () => {
        res.setHeader('X-Reply', ['one', 'two'])
        res.writeHead(req.method === 'POST' ? 201 : 200)
        res.end(`${req.method} ${req.url} token=${req.headers['x-token'] ?? ''} body=${Buffer.concat(chunks)}`)
      })
    })
    await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
    serverPort = (server.address() as AddressInfo).port

    daemon = await startTestDaemon()
    u = await daemon.multiverse.create(uniqueName('httpc'), {
      webhooks: false,
      allowOutbound: [`127.0.0.1:${serverPort}`, `[::1]:${serverPort}`]
    })
    ;({ console: c, session: s } = await consoleFor(u))
    project = await c.newProject('web')
    fn = await c.newFunction('gohttp', { project: 'web', template: 'ping_pong', language: 'go', path: '/gohttp' })
    const dir = join(ROOT, 'test/data/functions/gohttp')
    const files = await Promise.all(['gohttp.go', 'go.mod', 'go.sum'].map(f => readFile(join(dir, f), 'utf8')))
    await editRepo(project.code.url, s, 'gohttp: go-sdk http client and self', async repo => {
      const at = join(repo, 'functions', 'gohttp')
      await rm(join(at, 'ping_pong.go'))
      await writeFile(join(at, 'gohttp.go'), files[0] as string)
      await writeFile(join(at, 'go.mod'), files[1] as string)
      await writeFile(join(at, 'go.sum'), files[2] as string)
    })
    await setFunctionYaml(s, project, 'gohttp', y => {
      fnId = String(y.id)
      y.execution = { ...y.execution, call: 'gohttp', timeout: '3s' }
    })
    asSelf = await addCustomFunction(c, s, project, { name: 'asself' })
    asHttp = await addCustomFunction(c, s, project, { name: 'ashttp', timeout: '3s' })
    await pushAllAndWait(u)
  })

  after(async () => {
    for (const res of held) res.destroy()
    server?.closeAllConnections()
    await new Promise<void>(resolve => (server === undefined ? resolve() : server.close(() => resolve())))
    await daemon?.stop()
  })

  test('GET gets the response headers and body', async () => {
    const r = await call({ url: `http://127.0.0.1:${serverPort}/hello?x=1`, method: 'GET' })
    assert.equal(r.status, 200, r.body)
    assert.match(r.body, /^reply=one\|two;keys=[^;]*X-Reply[^;]*;body=GET \/hello\?x=1 token= body=$/)
    assert.match(r.body, /keys=[^;]*Date/)
  })

  test('POST sends its headers and body', async () => {
    const url = `http://localhost:${serverPort}/submit`
    const r = await call({ url, method: 'POST', header: 'X-Token:s3cret', body: 'payload' })
    assert.equal(r.status, 200, r.body)
    assert.match(r.body, /;body=POST \/submit token=s3cret body=payload$/)
  })

  const as = async (q: Record<string, string>) =>
    await hostRequest(httpPort(u), asHttp.fqdn, `/ashttp?${new URLSearchParams(q).toString()}`, { timeoutMs: 60_000 })

  test("AssemblyScript's sdk/http-client sends the same GET and POST and reads the same answers", async () => {
    const get = await as({ url: `http://127.0.0.1:${serverPort}/hello?x=1`, method: 'GET' })
    assert.equal(get.status, 200, get.body)
    assert.match(get.body, /^reply=one\|two;keys=[^;]*X-Reply[^;]*;body=GET \/hello\?x=1 token= body=$/)
    const url = `http://localhost:${serverPort}/submit`
    const post = await as({ url, method: 'post', header: 'X-Token:s3cret', body: 'payload' })
    assert.equal(post.status, 200, post.body)
    assert.match(post.body, /;body=POST \/submit token=s3cret body=payload$/)
    const refused = await as({ url: `http://127.0.0.1:${daemon.apiPort}/`, method: 'GET' })
    assert.equal(refused.status, 500, refused.body)
    assert.equal(refused.body, 'Executing HTTP request failed with: ErrorHttpRequestFailed')
  })

  test('the control API and git host as IPv4-mapped addresses are refused; the API sees no connection', async () => {
    const ports = [daemon.apiPort, daemon.apiPort, u.git.port]
    const hosts = ['[::ffff:127.0.0.1]', '[::ffff:7f00:1]', '[::ffff:0:0]']
    let connections = 0
    const count = (): void => {
      connections++
    }
    daemon.api.server.on('connection', count)
    try {
      for (const [i, host] of hosts.entries()) {
        const port = ports[i] as number
        const url = `http://${host}:${port}/console/blackhole`
        const r = await as({ url, method: 'GET', header: `Host:127.0.0.1:${daemon.apiPort}` })
        assert.equal(r.status, 500, r.body)
        assert.equal(r.body, 'Executing HTTP request failed with: ErrorHttpRequestFailed')
        const logs = await functionLogs(u, 'ashttp')
        assert.ok(
          logs.some(l => l.line.includes(`refused GET ${url}: `)),
          logs.map(l => l.line).join('\n')
        )
      }
      const post = await as({ url: `http://[::ffff:127.0.0.1]:${daemon.apiPort}/universe/pwned`, method: 'POST' })
      assert.equal(post.status, 500, post.body)
    } finally {
      daemon.api.server.off('connection', count)
    }
    assert.equal(connections, 0, 'nothing reached the control API')
    assert.ok(!daemon.multiverse.names().includes('pwned'), 'no universe was created')
  })

  test('a Host header the function sets is not sent: the request carries the Host of its URL', async () => {
    const r = await as({ url: `http://127.0.0.1:${serverPort}/host`, method: 'GET', header: `Host:127.0.0.1:1421` })
    assert.equal(r.status, 200, r.body)
    assert.match(r.body, new RegExp(`;body=host=127\\.0\\.0\\.1:${serverPort}$`))
  })

  test('a redirect is followed, as GET', async () => {
    const r = await call({ url: `http://127.0.0.1:${serverPort}/moved`, method: 'POST', body: 'payload' })
    assert.equal(r.status, 200, r.body)
    assert.match(r.body, /;body=GET \/hello token= body=$/)
  })

  test('a redirect to the control API is refused', async () => {
    const r = await call({ url: `http://127.0.0.1:${serverPort}/to-api`, method: 'GET' })
    assert.equal(r.status, 500, r.body)
    assert.match(r.body, /ErrorHttpRequestFailed/)
    const logs = await functionLogs(u, 'gohttp')
    assert.ok(
      logs.some(l => l.line.includes(`refused GET http://127.0.0.1:${daemon.apiPort}/: 127.0.0.1 is a loopback`)),
      logs.map(l => l.line).join('\n')
    )
  })

  for (const target of ['control API', 'substrate'] as const) {
    test(`a request to the ${target}'s port is refused with the SDK's error and a log line`, async () => {
      const port = target === 'control API' ? daemon.apiPort : httpPort(u)
      const r = await call({ url: `http://127.0.0.1:${port}/`, method: 'GET' })
      assert.equal(r.status, 500, r.body)
      assert.match(r.body, /Executing HTTP request failed with: ErrorHttpRequestFailed/)
      const logs = await functionLogs(u, 'gohttp')
      assert.ok(
        logs.some(l => l.line.includes(`refused GET http://127.0.0.1:${port}/: 127.0.0.1 is a loopback address`)),
        logs.map(l => l.line).join('\n')
      )
    })
  }

  test('a server that never answers fails the request before the function times out', async () => {
    const r = await call({ url: `http://127.0.0.1:${serverPort}/slow`, method: 'GET' })
    assert.equal(r.status, 500, `the function answered itself, not a 504: ${r.body}`)
    assert.match(r.body, /ErrorHttpRequestFailed/)
    assert.equal(held.length, 1, 'the request reached the server')
    const logs = await functionLogs(u, 'gohttp')
    assert.ok(
      logs.some(l => /\/slow failed: no complete response within \d+ ms/.test(l.line)),
      logs.map(l => l.line).join('\n')
    )
  })

  test('a response larger than the bound fails with the SDK error and a log line', async () => {
    const r = await call({ url: `http://127.0.0.1:${serverPort}/big`, method: 'GET' })
    assert.equal(r.status, 500, r.body.slice(0, 200))
    assert.match(r.body, /ErrorHttpRequestFailed/)
    const logs = await functionLogs(u, 'gohttp')
    assert.ok(
      logs.some(l => l.line.includes(`/big failed: response body larger than ${MAX_RESPONSE_BYTES} bytes`)),
      logs.map(l => l.line).join('\n')
    )
  })

  test("self gives the function's id, project, application, commit and branch", async () => {
    const r = await call({ op: 'self' })
    assert.equal(r.status, 200, r.body)
    const [id, proj, app, commit, branch] = r.body.split(',')
    assert.equal(id, fnId)
    assert.equal(proj, project.id)
    assert.equal(app, '', 'a project-level function has no application')
    assert.match(commit ?? '', /^[0-9a-f]{40}$/)
    assert.equal(branch, 'main')
  })

  test('an AssemblyScript function reads its own self values through sdk/self', async () => {
    const [goR, asR] = await Promise.all([
      call({ op: 'self' }),
      hostRequest(httpPort(u), asSelf.fqdn, '/asself', { timeoutMs: 60_000 })
    ])
    assert.equal(asR.status, 200, asR.body)
    const [goId, ...goRest] = goR.body.split(',')
    const [id, ...rest] = asR.body.split(',')
    assert.match(id ?? '', /^\w{20,}$/, 'a resource id')
    assert.notEqual(id, goId, 'each function has its own id')
    assert.deepEqual(rest, goRest, 'same project, no application, same code commit and branch')
  })
})
