import { test } from 'node:test'
import assert from 'node:assert/strict'
import { createHmac } from 'node:crypto'
import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { GitHost } from '../../src/githost/index.js'
import { silent } from '../../src/shared/log.js'
import { HookReceiver, api, commitOneAndPush, isolatedGit, ok, tempDir } from '../helpers/githost.js'

test('hooks/:id/tests delivers the branch head even with automatic delivery off', async () => {
  const tmp = await tempDir()
  const host = new GitHost({ root: join(tmp.path, 'root'), log: silent, webhooks: false })
  const receiver = new HookReceiver({ job: 'abc' })
  try {
    await host.start()
    const hookUrl = await receiver.start()
    const git = isolatedGit(join(tmp.path, 'home'))
    const alice = await host.createUser('alice')
    const repo = (await api(host.url, 'POST', '/user/repos', alice.token, { name: 'app', private: true })).json
    const hook = (
      await api(host.url, 'POST', '/repos/alice/app/hooks', alice.token, {
        config: { url: hookUrl, secret: 'sec', content_type: 'json' },
        events: ['push'],
        active: true
      })
    ).json

    // No branch yet: nothing to test with.
    assert.equal(
      (await api(host.url, 'POST', `/repos/alice/app/hooks/${String(hook.id)}/tests`, alice.token)).status,
      404
    )

    const work = join(tmp.path, 'work')
    await ok(git(['clone', `http://alice:${alice.token}@127.0.0.1:${host.port}/alice/app.git`, work]))
    await writeFile(join(work, 'f'), '1')
    await ok(git(['add', 'f'], work))
    await ok(git(['commit', '-m', 'one'], work))
    await ok(git(['push', 'origin', 'main'], work))
    const mainHead = (await ok(git(['rev-parse', 'HEAD'], work))).trim()
    await ok(git(['checkout', '-b', 'dev'], work))
    await writeFile(join(work, 'f'), '2')
    await ok(git(['commit', '-am', 'two'], work))
    await ok(git(['push', 'origin', 'dev'], work))
    const devHead = (await ok(git(['rev-parse', 'HEAD'], work))).trim()

    await host.idle()
    assert.equal(receiver.received.length, 0, 'automatic delivery is off')
    assert.equal(host.deliveries(repo.id).length, 0)

    const r = await api(host.url, 'POST', `/repos/alice/app/hooks/${String(hook.id)}/tests`, alice.token)
    assert.equal(r.status, 200)
    assert.equal(r.json.delivery.status_code, 200)
    assert.deepEqual(r.json.delivery.response, { job: 'abc' })
    const [got] = await receiver.waitFor(1)
    assert.ok(got !== undefined)
    assert.equal(got.headers['x-github-delivery'], r.json.delivery.id)
    assert.equal(
      got.headers['x-hub-signature-256'],
      `sha256=${createHmac('sha256', 'sec').update(got.body).digest('hex')}`
    )
    const payload = JSON.parse(got.body)
    assert.equal(payload.ref, 'refs/heads/main')
    assert.equal(payload.after, mainHead)
    assert.equal(payload.head_commit.id, mainHead)

    const d = await api(host.url, 'POST', `/repos/alice/app/hooks/${String(hook.id)}/tests?branch=dev`, alice.token)
    assert.equal(d.status, 200)
    const devPayload = JSON.parse((await receiver.waitFor(2))[1]?.body ?? '{}')
    assert.equal(devPayload.ref, 'refs/heads/dev')
    assert.equal(devPayload.after, devHead)
    assert.equal(devPayload.before, mainHead, 'before is the parent of the head')

    assert.equal(host.deliveries(repo.id).length, 2)
    const viaApi = await host.headPayload((await host.getRepo('alice', 'app')) ?? assert.fail('repo'), 'dev')
    assert.equal(viaApi.after, devHead)
    // Only the owner may trigger it.
    const bob = await host.createUser('bob')
    assert.equal(
      (await api(host.url, 'POST', `/repos/alice/app/hooks/${String(hook.id)}/tests`, bob.token)).status,
      404
    )
  } finally {
    await host.stop()
    await receiver.stop()
    await tmp.cleanup()
  }
})

test('an unreachable hook is recorded as a failed delivery and does not break the push', async () => {
  const tmp = await tempDir()
  const host = new GitHost({ root: join(tmp.path, 'root'), log: silent, hookTimeoutMs: 2000 })
  const closed = new HookReceiver()
  try {
    await host.start()
    const deadUrl = await closed.start()
    await closed.stop()
    const git = isolatedGit(join(tmp.path, 'home'))
    const alice = await host.createUser('alice')
    const repo = await host.createRepo('alice', { name: 'app' })
    await host.addHook(repo, { url: deadUrl, secret: 's' })
    await commitOneAndPush(
      git,
      join(tmp.path, 'work'),
      `http://alice:${alice.token}@127.0.0.1:${host.port}/alice/app.git`,
      'main'
    )
    await host.idle()
    const [d] = host.deliveries(repo.id)
    assert.equal(d?.status, 0)
    assert.equal(typeof d?.error, 'string')
  } finally {
    await host.stop()
    await tmp.cleanup()
  }
})

test('the deliveries a repository remembers are a setting (deliveriesKept)', async () => {
  const tmp = await tempDir()
  const host = new GitHost({ root: join(tmp.path, 'root'), log: silent, deliveriesKept: 2 })
  const receiver = new HookReceiver()
  try {
    await host.start()
    const hookUrl = await receiver.start()
    const git = isolatedGit(join(tmp.path, 'home'))
    const alice = await host.createUser('alice')
    const repo = await host.createRepo('alice', { name: 'app' })
    await host.addHook(repo, { url: hookUrl, secret: 's' })
    const url = `http://alice:${alice.token}@127.0.0.1:${host.port}/alice/app.git`
    await commitOneAndPush(git, join(tmp.path, 'work'), url, 'main', 'main:refs/heads/a', 'main:refs/heads/b')
    await receiver.waitFor(3)
    await host.idle()
    const kept = host.deliveries(repo.id)
    assert.equal(kept.length, 2, 'three deliveries, two kept')
    const sent = receiver.received.map(r => r.headers['x-github-delivery'])
    for (const d of kept) assert.ok(sent.includes(d.id), `${d.id} is one of the deliveries sent`)
  } finally {
    await host.stop()
    await receiver.stop()
    await tmp.cleanup()
  }
})

test('one push touching several branches gives one push event per branch, deletions included', async () => {
  const tmp = await tempDir()
  const host = new GitHost({ root: join(tmp.path, 'root'), log: silent })
  const receiver = new HookReceiver()
  try {
    await host.start()
    const hookUrl = await receiver.start()
    const git = isolatedGit(join(tmp.path, 'home'))
    const alice = await host.createUser('alice')
    const repo = await host.createRepo('alice', { name: 'app', private: true })
    await host.addHook(repo, { url: hookUrl, secret: 's' })
    const url = `http://alice:${alice.token}@127.0.0.1:${host.port}/alice/app.git`
    const work = join(tmp.path, 'work')
    const head = await commitOneAndPush(git, work, url, 'main', 'main:refs/heads/old')
    const created = (await receiver.waitFor(2)).map(r => JSON.parse(r.body))
    assert.deepEqual(created.map(p => p.ref).sort(), ['refs/heads/main', 'refs/heads/old'])
    // Two new branches at one new commit: each event carries it.
    for (const p of created) {
      assert.equal(p.after, head)
      assert.equal(p.created, true)
      assert.deepEqual(
        p.commits.map((c: { id: string }) => c.id),
        [head]
      )
    }

    await ok(git(['push', url, ':refs/heads/old'], work))
    const [, , deleted] = (await receiver.waitFor(3)).map(r => JSON.parse(r.body))
    assert.equal(deleted.ref, 'refs/heads/old')
    assert.equal(deleted.deleted, true)
    assert.equal(deleted.before, head)
    assert.equal(deleted.after, '0'.repeat(40))
    assert.equal(deleted.head_commit, null)
    assert.deepEqual(deleted.commits, [])
  } finally {
    await host.stop()
    await receiver.stop()
    await tmp.cleanup()
  }
})
