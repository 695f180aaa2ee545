/**
 * The web console's routes act as the user, so they answer the API's own pages only: the page itself is served
 * with no CORS header; the templates, ids, git proxy and function calls refuse a foreign Host, a page of another
 * origin (even one allowed with --allow-origin) and, for state changes, a body no form could send. A daemon on a
 * kernel-chosen port, real requests over TCP.
 */
import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import type { Daemon } from '../../src/index.js'
import { type RawResponse, rawRequest } from '../helpers/http.js'
import { startTestDaemon } from '../helpers/universe.js'

/** Every request of these tests carries a Content-Length, 0 when it has no body. */
async function raw(
  port: number,
  method: string,
  path: string,
  headers: Record<string, string> = {},
  body = ''
): Promise<RawResponse> {
  return await rawRequest(port, method, path, headers, body)
}

describe('web console routes: same origin only', { timeout: 60_000 }, () => {
  const allowed = 'http://localhost:3000'
  let d: Daemon
  let self: string
  before(async () => {
    d = await startTestDaemon({ allowOrigins: [allowed] })
    self = `http://127.0.0.1:${d.apiPort}`
  })
  after(async () => {
    await d?.stop()
  })

  test('GET / is the console page and its bundle, without any CORS header', async () => {
    const page = await raw(d.apiPort, 'GET', '/', { origin: allowed })
    assert.equal(page.status, 200)
    assert.match(String(page.headers['content-type']), /^text\/html/)
    assert.match(page.body, /<script type="module" src="\/assets\/console\.js">/)
    const js = await raw(d.apiPort, 'GET', '/assets/console.js')
    assert.equal(js.status, 200)
    assert.match(String(js.headers['content-type']), /^text\/javascript/)
    assert.equal(js.headers['access-control-allow-origin'], undefined)
    assert.equal((await raw(d.apiPort, 'GET', '/assets/..%2fpackage.json')).status, 404)
  })

  test('templates and ids answer the own origin and refuse other pages, even allowed ones', async () => {
    const own = await raw(d.apiPort, 'GET', '/console-kit/templates', { origin: self })
    assert.equal(own.status, 200)
    const names = (JSON.parse(own.body) as { templates: Array<{ name: string; files: object }> }).templates
    assert.ok(
      names.some(t => t.name === 'ping_pong' && Object.keys(t.files).length > 0),
      own.body
    )
    for (const origin of [allowed, 'http://evil.example']) {
      const res = await raw(d.apiPort, 'GET', '/console-kit/new-id?for=x', { origin })
      assert.equal(res.status, 403, `${origin}: ${res.body}`)
    }
    const rebound = await raw(d.apiPort, 'GET', '/console-kit/new-id', { host: `evil.example:${d.apiPort}` })
    assert.equal(rebound.status, 403)
  })

  test('the git proxy and function calls refuse other origins before touching any universe', async () => {
    const pack = { 'content-type': 'application/x-git-upload-pack-request' }
    for (const origin of [allowed, 'http://evil.example']) {
      const git = await raw(d.apiPort, 'POST', '/git/blackhole/u/tb_x.git/git-upload-pack', { ...pack, origin }, '0000')
      assert.equal(git.status, 403, git.body)
      const refs = await raw(d.apiPort, 'GET', '/git/blackhole/u/tb_x.git/info/refs?service=git-upload-pack', {
        origin
      })
      assert.equal(refs.status, 403, refs.body)
      const call = await raw(
        d.apiPort,
        'POST',
        '/call/blackhole',
        { 'content-type': 'application/json', origin },
        JSON.stringify({ method: 'GET', host: 'a.example', path: '/' })
      )
      assert.equal(call.status, 403, call.body)
    }
    // A same-origin page reaches the route, which then names the missing universe.
    const own = await raw(d.apiPort, 'GET', '/git/nowhere/u/tb_x.git/info/refs?service=git-upload-pack', {
      origin: self
    })
    assert.equal(own.status, 404, own.body)
    const rest = await raw(d.apiPort, 'GET', '/git/nowhere/user/repos', { origin: self })
    assert.equal(rest.status, 404, rest.body)
    assert.match(rest.body, /not a git endpoint/)
    const form = await raw(d.apiPort, 'POST', '/call/nowhere', { 'content-type': 'text/plain', origin: self }, '{}')
    assert.equal(form.status, 415, form.body)
  })
})
