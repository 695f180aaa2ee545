/**
 * Every control API input has limits: copies is a whole number in 1..MAX_COPIES, names have a length limit and a
 * charset with a clear error (never ENAMETOOLONG), and `--method` takes HTTP methods only (checked by the one
 * function the console and the config compiler share), before anything is pushed.
 */
import { test, describe, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { compileProject } from '../../src/compiler/index.js'
import { deterministicId } from '../../src/shared/ids.js'
import type { Daemon, Universe } from '../../src/index.js'
import { MAX_COPIES, MAX_NAME_LENGTH, httpMethod } from '../../src/shared/names.js'
import { consoleOf } from '../helpers/pipeline.js'
import { startTestDaemon } from '../helpers/universe.js'
import { NET, P, repo } from '../compiler/helpers.js'

describe('input limits', { timeout: 180_000 }, () => {
  let d: Daemon
  let u: Universe
  before(async () => {
    d = await startTestDaemon({ universes: [{ name: 'limits', spec: {} }] })
    u = d.multiverse.get('limits')
  })
  after(async () => {
    await d?.stop()
  })

  const post = async (
    path: string,
    body: unknown
  ): Promise<{ status: number; json: { code: string; error: string } }> => {
    const res = await fetch(`http://127.0.0.1:${d.apiPort}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body)
    })
    return { status: res.status, json: (await res.json()) as { code: string; error: string } }
  }

  test('copies outside 1..MAX_COPIES, or not a whole number, is a 400 and starts nothing', async () => {
    const before = u.directory.byRole('tns').length
    for (const copies of [1e9, -1, 0, 'abc', 1.5, MAX_COPIES + 1]) {
      const r = await post('/service/limits/tns', { config: { copies } })
      assert.equal(r.status, 400, `copies ${String(copies)}`)
      assert.match(r.json.error, /copies/)
    }
    assert.equal(u.directory.byRole('tns').length, before)
    await assert.rejects(u.addService('tns', { copies: 1e9 }), (e: { code?: string }) => e.code === 'INVALID_COPIES')
  })

  test('long names are refused by length, with the limit in the message', async () => {
    const long = 'f'.repeat(300)
    // Up to fastify's limit on a path parameter (100, above ours) the name reaches our check; beyond, a 414.
    const r = await post(`/universe/${'u'.repeat(MAX_NAME_LENGTH + 1)}`, {})
    assert.equal(r.status, 400)
    assert.match(r.json.error, new RegExp(String(MAX_NAME_LENGTH)))
    const c = await consoleOf(u)
    for (const attempt of [
      c.newProject(long),
      c.newFunction(long, { project: 'none', template: 'ping_pong', language: 'assemblyscript' }),
      c.newDomain(long, { project: 'none' })
    ]) {
      await assert.rejects(
        attempt,
        (e: Error & { code?: string; status?: number }) =>
          e.status === 400 && e.message.includes(String(MAX_NAME_LENGTH)) && !e.message.includes('ENAMETOOLONG')
      )
    }
    assert.equal((await post('/simple/limits/a%3Bb', {})).status, 400)
  })

  test('--method takes HTTP methods only, checked before anything is pushed', async () => {
    assert.equal(httpMethod('get'), 'GET')
    assert.equal(httpMethod('GET;X'), undefined)
    const c = await consoleOf(u)
    await c.newProject('methods')
    const head = async (): Promise<string> => {
      const repo = await u.git.getRepo('dreamer', 'tb_methods')
      assert.ok(repo !== undefined)
      return (await u.git.headPayload(repo)).after as string
    }
    const before = await head()
    await assert.rejects(
      c.newFunction('bad', { project: 'methods', template: 'ping_pong', language: 'assemblyscript', method: 'GET;X' }),
      (e: { code?: string }) => e.code === 'INVALID_METHOD'
    )
    assert.equal(await head(), before, 'nothing was pushed')
    const ok = await c.newFunction('good', {
      project: 'methods',
      template: 'ping_pong',
      language: 'assemblyscript',
      method: 'patch'
    })
    assert.equal(ok.method, 'PATCH')
  })

  test('the config compiler refuses the same methods', () => {
    const fn = (m: string): Map<string, string> =>
      repo({
        'domains/dom.yaml': `id: ${deterministicId('dom')}\nfqdn: abcd12341.blackhole.localtau\n`,
        'functions/f.yaml':
          `id: ${deterministicId('fn')}\ntrigger:\n  type: https\n  method: "${m}"\n  paths: [/x]\n  domains: [dom]\n` +
          'source: .\nexecution:\n  timeout: 1s\n  memory: 1MB\n  call: x\n'
      })
    const compileWith = (m: string): unknown =>
      compileProject({ files: fn(m), branch: 'main', projectId: P, networkFqdn: NET })
    assert.throws(
      () => compileWith('GET;X'),
      (e: Error) => e.message.includes('GET;X')
    )
    assert.doesNotThrow(() => compileWith('patch'))
  })
})
