import { test } from 'node:test'
import assert from 'node:assert/strict'
import { createHmac } from 'node:crypto'
import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { GitHost } from '../../src/githost/index.js'
import { silent } from '../../src/shared/log.js'
import { HookReceiver, api, isolatedGit, ok, tempDir } from '../helpers/githost.js'

test('git CLI: authenticated clone and push, anonymous refused, signed push webhook', async () => {
  const tmp = await tempDir()
  const host = new GitHost({ root: join(tmp.path, 'root'), log: silent })
  const receiver = new HookReceiver({ queued: true })
  try {
    await host.start()
    const hookUrl = await receiver.start()
    const git = isolatedGit(join(tmp.path, 'home'))
    const alice = await host.createUser('alice')
    const repo = (await api(host.url, 'POST', '/user/repos', alice.token, { name: 'app', private: true })).json
    const secret = 'hook-secret'
    await api(host.url, 'POST', '/repos/alice/app/hooks', alice.token, {
      config: { url: hookUrl, secret, content_type: 'json' },
      events: ['push'],
      active: true
    })

    const port = host.port
    const authed = `http://alice:${alice.token}@127.0.0.1:${port}/alice/app.git`
    const anon = `http://127.0.0.1:${port}/alice/app.git`

    // Anonymous clone of a private repo is refused (the 401 cannot be answered: no prompt).
    const anonClone = await git(['clone', anon, join(tmp.path, 'anon')])
    assert.notEqual(anonClone.code, 0)

    // Cloning the empty repo with credentials works.
    const work = join(tmp.path, 'work')
    await ok(git(['clone', authed, work]))
    await writeFile(join(work, 'README.md'), '# hello\n')
    await ok(git(['add', 'README.md'], work))
    await ok(git(['commit', '-m', 'first commit'], work))
    await ok(git(['push', 'origin', 'main'], work))
    const head = (await ok(git(['rev-parse', 'HEAD'], work))).trim()

    const [got] = await receiver.waitFor(1)
    assert.ok(got !== undefined)
    const h = got.headers
    assert.equal(h['content-type'], 'application/json')
    assert.equal(h['user-agent'], 'GitHub-Hookshot/dream')
    assert.equal(h['x-github-event'], 'push')
    assert.match(String(h['x-github-delivery']), /^[0-9a-f-]{36}$/)
    const hooks = (await api(host.url, 'GET', '/repos/alice/app/hooks', alice.token)).json
    assert.equal(h['x-github-hook-id'], String(hooks[0].id))
    assert.equal(h['x-github-hook-installation-target-id'], String(repo.id))
    assert.equal(h['x-github-hook-installation-target-type'], 'repository')
    assert.equal(h['x-hub-signature'], `sha1=${createHmac('sha1', secret).update(got.body).digest('hex')}`)
    assert.equal(h['x-hub-signature-256'], `sha256=${createHmac('sha256', secret).update(got.body).digest('hex')}`)
    const payload = JSON.parse(got.body)
    assert.equal(payload.ref, 'refs/heads/main')
    assert.equal(payload.after, head)
    assert.equal(payload.before, '0'.repeat(40))
    assert.equal(payload.created, true)
    assert.equal(payload.deleted, false)
    assert.equal(payload.head_commit.id, head)
    assert.equal(payload.head_commit.message, 'first commit')
    assert.deepEqual(payload.head_commit.author, { name: 't', email: 't@t', username: 't' })
    assert.deepEqual(payload.head_commit.added, ['README.md'])
    assert.equal(payload.commits.length, 1)
    assert.equal(payload.repository.id, repo.id)
    assert.equal(payload.repository.full_name, 'alice/app')
    assert.equal(payload.repository.clone_url, repo.clone_url)
    assert.equal(payload.sender.login, 'alice')
    const firstPushedAt = payload.repository.pushed_at as number
    assert.ok(Number.isInteger(firstPushedAt))

    // The recorded delivery is there once the host is idle.
    await host.idle()
    const ds = host.deliveries(repo.id)
    assert.equal(ds.length, 1)
    assert.equal(ds[0]?.status, 200)
    assert.equal(ds[0]?.id, h['x-github-delivery'])
    assert.deepEqual(ds[0]?.response, { queued: true })

    // A second push right away: before/after chain up and pushed_at strictly increases.
    await writeFile(join(work, 'a.txt'), 'a\n')
    await ok(git(['add', 'a.txt'], work))
    await ok(git(['commit', '-m', 'second'], work))
    await ok(git(['push', 'origin', 'main'], work))
    const head2 = (await ok(git(['rev-parse', 'HEAD'], work))).trim()
    const second = JSON.parse((await receiver.waitFor(2))[1]?.body ?? '{}')
    assert.equal(second.before, head)
    assert.equal(second.after, head2)
    assert.equal(second.created, false)
    assert.ok(second.repository.pushed_at > firstPushedAt)

    // Anonymous push is refused and delivers nothing.
    const anonPush = await git(['push', anon, 'main:refs/heads/anon'], work)
    assert.notEqual(anonPush.code, 0)
    // Another user's valid token cannot read it either.
    const bob = await host.createUser('bob')
    const bobClone = await git([
      'clone',
      `http://bob:${bob.token}@127.0.0.1:${port}/alice/app.git`,
      join(tmp.path, 'bob')
    ])
    assert.notEqual(bobClone.code, 0)
    assert.match(bobClone.stderr, /not found/i)

    // A clone with credentials (and the URL without .git) sees both commits.
    const again = join(tmp.path, 'again')
    await ok(git(['clone', `http://alice:${alice.token}@127.0.0.1:${port}/alice/app`, again]))
    assert.equal((await ok(git(['rev-parse', 'HEAD'], again))).trim(), head2)

    await host.idle()
    assert.equal(receiver.received.length, 2)
  } finally {
    await host.stop()
    await receiver.stop()
    await tmp.cleanup()
  }
})

test('git CLI: public repos clone anonymously but still refuse anonymous pushes', async () => {
  const tmp = await tempDir()
  const host = new GitHost({ root: join(tmp.path, 'root'), log: silent })
  try {
    await host.start()
    const git = isolatedGit(join(tmp.path, 'home'))
    const alice = await host.createUser('alice')
    await api(host.url, 'POST', '/user/repos', alice.token, { name: 'pub' })
    const work = join(tmp.path, 'work')
    await ok(git(['clone', `http://alice:${alice.token}@127.0.0.1:${host.port}/alice/pub.git`, work]))
    await writeFile(join(work, 'f'), 'x')
    await ok(git(['add', 'f'], work))
    await ok(git(['commit', '-m', 'c'], work))
    await ok(git(['push', 'origin', 'main'], work))

    const anon = `http://127.0.0.1:${host.port}/alice/pub.git`
    await ok(git(['clone', anon, join(tmp.path, 'anon')]))
    const push = await git(['push', anon, 'main:refs/heads/x'], work)
    assert.notEqual(push.code, 0)
    // Valid credentials of another user: read is fine, write is forbidden.
    const bob = await host.createUser('bob')
    const bobPush = await git(
      ['push', `http://bob:${bob.token}@127.0.0.1:${host.port}/alice/pub.git`, 'main:refs/heads/x'],
      work
    )
    assert.notEqual(bobPush.code, 0)
    assert.match(bobPush.stderr, /403/)
  } finally {
    await host.stop()
    await tmp.cleanup()
  }
})
