/**
 * The git host answers this machine's git and tools only: a foreign Host name (DNS rebinding) or a browser's
 * cross-origin request is refused and gets no CORS header; a bad `%` escape in a URL is the caller's error (400).
 */
import { test, describe, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { join } from 'node:path'
import { GitHost } from '../../src/githost/index.js'
import type { User } from '../../src/githost/model.js'
import { silent } from '../../src/shared/log.js'
import { tempDir } from '../helpers/githost.js'
import { type RawResponse, rawRequest } from '../helpers/http.js'

async function raw(port: number, path: string, headers: Record<string, string>): Promise<RawResponse> {
  return await rawRequest(port, 'GET', path, headers)
}

describe('git host guard', { timeout: 60_000 }, () => {
  let tmp: Awaited<ReturnType<typeof tempDir>>
  let host: GitHost
  let alice: User
  before(async () => {
    tmp = await tempDir()
    host = new GitHost({ root: join(tmp.path, 'root'), log: silent })
    await host.start()
    alice = await host.createUser('alice')
    await host.createRepo('alice', { name: 'app', private: true })
  })
  after(async () => {
    await host?.stop()
    await tmp?.cleanup()
  })

  const auth = (): Record<string, string> => ({ authorization: `token ${alice.token}` })

  test('git and tools on a loopback Host are served', async () => {
    assert.equal((await raw(host.port, '/user', { ...auth(), host: `127.0.0.1:${host.port}` })).status, 200)
    assert.equal((await raw(host.port, '/user', { ...auth(), host: `localhost:${host.port}` })).status, 200)
  })

  test('a foreign Host is refused', async () => {
    const r = await raw(host.port, '/user', { ...auth(), host: `evil.example:${host.port}` })
    assert.equal(r.status, 403)
    assert.ok(!r.body.includes(alice.token))
  })

  test('a cross-origin browser request is refused, with credentials or not, and gets no CORS header', async () => {
    const r = await raw(host.port, '/repos/alice/app', {
      ...auth(),
      host: `127.0.0.1:${host.port}`,
      origin: 'http://evil.example'
    })
    assert.equal(r.status, 403)
    assert.equal(r.headers['access-control-allow-origin'], undefined)
    const noOrigin = await raw(host.port, '/alice/app.git/info/refs?service=git-upload-pack', {
      ...auth(),
      host: `127.0.0.1:${host.port}`,
      'sec-fetch-site': 'cross-site'
    })
    assert.equal(noOrigin.status, 403)
  })

  test('a bad % escape answers 400, not 500', async () => {
    const r = await raw(host.port, '/repos/alice/%E0%A4%A', { ...auth(), host: `127.0.0.1:${host.port}` })
    assert.equal(r.status, 400)
    assert.equal(JSON.parse(r.body).code, 'GITHOST_BAD_URL')
  })
})
