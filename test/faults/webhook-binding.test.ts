/**
 * patrick's webhook: a payload signed with one repository's hook secret cannot name another repository (401, no
 * job), and a body is read only after its hook is known and only up to GitHub's 25 MB: a request declaring more
 * is answered at once, before its body has been sent.
 */
import { test, describe, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { request } from 'node:http'
import type { ProjectView } from '../../src/console/console.js'
import { MAX_WEBHOOK_BODY } from '../../src/services/patrick/webhook.js'
import type { Universe } from '../../src/universe/universe.js'
import { allJobs, authHook, authRepo, consoleOf, headPayload, postWebhook, signed } from '../helpers/pipeline.js'
import { startUniverse } from '../helpers/universe.js'

/** Sends the headers and a first small part of a body declared `length` long; resolves with the status. */
async function statusBeforeBody(port: number, path: string, length: number): Promise<number> {
  return await new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        method: 'POST',
        path,
        headers: { 'content-type': 'application/json', 'content-length': String(length), 'x-github-event': 'push' }
      },
      res => {
        res.resume()
        resolve(res.statusCode ?? 0)
        req.destroy()
      }
    )
    req.on('error', reject)
    req.write(Buffer.alloc(1024, 32))
  })
}

describe('webhooks bound to their repository', { timeout: 120_000 }, () => {
  let u: Universe
  let p: ProjectView
  before(async () => {
    u = await startUniverse({ webhooks: false })
    p = await (await consoleOf(u)).newProject('bound')
  })
  after(async () => {
    await u?.stop()
  })

  const hookOf = async (repoId: string): Promise<{ id: string; secret: string }> => {
    const hookId = (await authRepo(u, repoId)).hooks[0]
    assert.ok(hookId !== undefined)
    return await authHook(u, hookId)
  }

  test('a payload for the code repository signed with the config hook is refused and builds nothing', async () => {
    const configHook = await hookOf(p.config.id)
    const body = await headPayload(u, p.code.fullname, 1_700_000_000)
    const r = await postWebhook(u, configHook.id, body, signed(body, configHook.secret))
    assert.equal(r.status, 401)
    assert.equal(r.json.code, 'WEBHOOK_WRONG_REPOSITORY')
    assert.deepEqual(await allJobs(u), [])
  })

  test("the same payload through the code repository's own hook makes a job", async () => {
    const codeHook = await hookOf(p.code.id)
    const body = await headPayload(u, p.code.fullname, 1_700_000_001)
    const r = await postWebhook(u, codeHook.id, body, signed(body, codeHook.secret))
    assert.equal(r.status, 200, JSON.stringify(r.json))
    assert.equal(String(r.json.Meta.Repository.id), p.code.id)
  })

  test('an unknown hook and an oversized body are refused before the body is read', async () => {
    const patrick = u.directory.byRole('patrick')[0]
    assert.ok(patrick?.ports.http !== undefined)
    const big = 30 * 1024 * 1024
    assert.ok(big > MAX_WEBHOOK_BODY)
    assert.equal(await statusBeforeBody(patrick.ports.http, '/github/no-such-hook', big), 401)
    const codeHook = await hookOf(p.code.id)
    assert.equal(await statusBeforeBody(patrick.ports.http, `/github/${codeHook.id}`, big), 413)
  })
})
