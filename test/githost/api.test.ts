import { test } from 'node:test'
import assert from 'node:assert/strict'
import { join } from 'node:path'
import { GitHost } from '../../src/githost/index.js'
import { silent } from '../../src/shared/log.js'
import { api, tempDir } from '../helpers/githost.js'

test('users, tokens and the REST API behave like GitHub', async () => {
  const tmp = await tempDir()
  const host = new GitHost({ root: join(tmp.path, 'root'), log: silent })
  try {
    await host.start()
    assert.match(host.url, /^http:\/\/127\.0\.0\.1:\d+$/)
    assert.ok(host.port > 0)

    const alice = await host.createUser('alice')
    assert.deepEqual(await host.createUser('alice'), alice, 'createUser is idempotent')
    const bob = await host.createUser('bob')
    assert.notEqual(alice.token, bob.token)
    assert.notEqual(alice.id, bob.id)

    // Every accepted way of presenting a token.
    const basic = `Basic ${Buffer.from(`whatever:${alice.token}`).toString('base64')}`
    for (const h of [`token ${alice.token}`, `Bearer ${alice.token}`, `github ${alice.token}`, basic]) {
      assert.equal(host.authenticate(h)?.login, 'alice', h.split(' ')[0])
    }
    assert.equal(host.authenticate('token nope'), undefined)
    assert.equal(host.authenticate(undefined), undefined)

    assert.equal((await api(host.url, 'GET', '/user')).status, 401)
    assert.equal((await api(host.url, 'GET', '/user', 'bad')).status, 401)
    const me = await api(host.url, 'GET', '/user', alice.token)
    assert.equal(me.status, 200)
    assert.deepEqual({ login: me.json.login, id: me.json.id }, { login: 'alice', id: alice.id })
    assert.ok('email' in me.json && 'name' in me.json && 'company' in me.json)

    const created = await api(host.url, 'POST', '/user/repos', alice.token, {
      name: 'app',
      description: 'd',
      private: true
    })
    assert.equal(created.status, 201)
    const repo = created.json
    assert.equal(repo.full_name, 'alice/app')
    assert.equal(repo.private, true)
    assert.equal(repo.default_branch, 'main')
    assert.equal(repo.clone_url, `${host.url}/alice/app.git`)
    assert.equal(repo.ssh_url, repo.clone_url)
    assert.deepEqual(repo.owner, { login: 'alice', id: alice.id, type: 'User' })
    assert.ok(Number.isInteger(repo.id) && String(repo.id).length === 9)

    const dup = await api(host.url, 'POST', '/user/repos', alice.token, { name: 'app' })
    assert.equal(dup.status, 409)
    assert.equal(typeof dup.json.message, 'string')

    assert.equal((await api(host.url, 'GET', '/repos/alice/app', alice.token)).json.id, repo.id)
    assert.equal((await api(host.url, 'GET', `/repositories/${repo.id}`, alice.token)).json.name, 'app')
    assert.equal((await api(host.url, 'GET', '/api/v3/repos/alice/app', alice.token)).status, 200, 'enterprise prefix')
    // Private repos are invisible to others and to anonymous callers.
    assert.equal((await api(host.url, 'GET', '/repos/alice/app', bob.token)).status, 404)
    assert.equal((await api(host.url, 'GET', '/repos/alice/app')).status, 404)
    assert.equal((await api(host.url, 'GET', `/repositories/${repo.id}`)).status, 404)
    assert.deepEqual(
      (await api(host.url, 'GET', '/user/repos', alice.token)).json.map((r: { name: string }) => r.name),
      ['app']
    )
    assert.deepEqual((await api(host.url, 'GET', '/user/repos', bob.token)).json, [])

    // Hooks: owner only, secret never shown.
    const hook = await api(host.url, 'POST', '/repos/alice/app/hooks', alice.token, {
      config: { url: 'http://127.0.0.1:9/x', secret: 's3cret', content_type: 'json' },
      events: ['push'],
      active: true
    })
    assert.equal(hook.status, 201)
    assert.deepEqual(
      {
        url: hook.json.config.url,
        ct: hook.json.config.content_type,
        events: hook.json.events,
        active: hook.json.active
      },
      { url: 'http://127.0.0.1:9/x', ct: 'json', events: ['push'], active: true }
    )
    assert.ok(!JSON.stringify(hook.json).includes('s3cret'))
    assert.equal((await api(host.url, 'GET', '/repos/alice/app/hooks', alice.token)).json.length, 1)
    assert.equal((await api(host.url, 'GET', '/repos/alice/app/hooks', bob.token)).status, 404)
    assert.equal(
      (await api(host.url, 'DELETE', `/repos/alice/app/hooks/${String(hook.json.id)}`, alice.token)).status,
      204
    )
    assert.equal((await api(host.url, 'GET', '/repos/alice/app/hooks', alice.token)).json.length, 0)

    // Deploy keys: the secret is not echoed, one key opens one repo.
    const key = await api(host.url, 'POST', '/repos/alice/app/keys', alice.token, {
      title: 'ci',
      key: 'deploy-secret',
      read_only: true
    })
    assert.equal(key.status, 201)
    assert.deepEqual({ title: key.json.title, ro: key.json.read_only }, { title: 'ci', ro: true })
    assert.ok(!JSON.stringify(key.json).includes('deploy-secret'))
    await api(host.url, 'POST', '/user/repos', alice.token, { name: 'other' })
    assert.equal(
      (await api(host.url, 'POST', '/repos/alice/other/keys', alice.token, { title: 'x', key: 'deploy-secret' }))
        .status,
      422
    )
    assert.equal((await api(host.url, 'GET', '/repos/alice/app/keys', alice.token)).json.length, 1)
    assert.equal(
      (await api(host.url, 'DELETE', `/repos/alice/app/keys/${String(key.json.id)}`, alice.token)).status,
      204
    )

    // Public repos are readable by all, deletable by the owner only.
    assert.equal((await api(host.url, 'GET', '/repos/alice/other')).status, 200)
    assert.equal((await api(host.url, 'DELETE', '/repos/alice/other', bob.token)).status, 403)
    assert.equal((await api(host.url, 'DELETE', '/repos/alice/other', alice.token)).status, 204)
    assert.equal((await api(host.url, 'GET', '/repos/alice/other')).status, 404)

    const bad = await api(host.url, 'POST', '/user/repos', alice.token, { name: 'no/slashes' })
    assert.equal(bad.status, 422)
    assert.equal((await api(host.url, 'GET', '/nope')).status, 404)
  } finally {
    await host.stop()
    await tmp.cleanup()
  }
})

test('two hosts run side by side without sharing state', async () => {
  const tmp = await tempDir()
  const a = new GitHost({ root: join(tmp.path, 'a'), log: silent })
  const b = new GitHost({ root: join(tmp.path, 'b'), log: silent })
  try {
    await Promise.all([a.start(), b.start()])
    assert.notEqual(a.port, b.port)
    const ua = await a.createUser('same')
    const ub = await b.createUser('same')
    assert.notEqual(ua.token, ub.token)
    assert.equal(a.authenticate(`token ${ub.token}`), undefined)
  } finally {
    await Promise.all([a.stop(), b.stop()])
    await tmp.cleanup()
  }
})
