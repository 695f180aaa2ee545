/**
 * A universe's webhooks go only to its own patrick: a hook URL naming the control API or any other local port is
 * refused when the hook is created (422, with the allowed form in the message) and, for a hook that was stored
 * before (an older kept universe), when it would fire.
 */
import { test, describe, after } from 'node:test'
import assert from 'node:assert/strict'
import { join } from 'node:path'
import { GitHost } from '../../src/githost/index.js'
import { onlyHosts } from '../../src/githost/hook-targets.js'
import type { Daemon } from '../../src/index.js'
import { silent } from '../../src/shared/log.js'
import { HookReceiver, api, commitOneAndPush, isolatedGit, tempDir } from '../helpers/githost.js'
import { startTestDaemon } from '../helpers/universe.js'

describe('webhook targets', { timeout: 120_000 }, () => {
  let d: Daemon | undefined
  after(async () => {
    await d?.stop()
  })

  test('a hook at the control API (or another local port) is refused at creation', async () => {
    d = await startTestDaemon({
      universes: [{ name: 'hooks', spec: { services: ['auth', 'patrick'], simples: ['elder', 'client'] } }]
    })
    const u = d.multiverse.get('hooks')
    const me = await u.gitUser()
    assert.equal((await api(u.git.url, 'POST', '/user/repos', me.token, { name: 'app' })).status, 201)
    for (const url of [
      `http://127.0.0.1:${d.apiPort}/universe/pwned`,
      `http://localhost:${u.git.port}/x`,
      'http://patrick.tau.other.localtau/github/1'
    ]) {
      const r = await api(u.git.url, 'POST', `/repos/${me.login}/app/hooks`, me.token, { config: { url, secret: 's' } })
      assert.equal(r.status, 422, url)
      assert.equal(r.json.code, 'GITHOST_HOOK_TARGET')
      assert.match(r.json.message, /patrick\.tau\.hooks\.localtau/)
    }
    const own = await api(u.git.url, 'POST', `/repos/${me.login}/app/hooks`, me.token, {
      config: { url: 'http://patrick.tau.hooks.localtau/github/x', secret: 's' }
    })
    assert.equal(own.status, 201)
    assert.deepEqual(d.multiverse.names(), ['hooks'])
  })

  test('a stored hook to a refused target is not delivered', async () => {
    const tmp = await tempDir()
    const receiver = new HookReceiver()
    const root = join(tmp.path, 'root')
    try {
      const hookUrl = await receiver.start()
      // An older git host (no policy) stored the hook...
      const before = new GitHost({ root, log: silent })
      await before.start()
      const alice = await before.createUser('alice')
      const repo = await before.createRepo('alice', { name: 'app' })
      await before.addHook(repo, { url: hookUrl, secret: 's' })
      await before.stop()
      // ...the same state served with a policy delivers nothing to it.
      const host = new GitHost({ root, log: silent, hookTargets: onlyHosts(['patrick.tau.x.localtau']) })
      await host.start()
      try {
        const git = isolatedGit(join(tmp.path, 'home'))
        await commitOneAndPush(
          git,
          join(tmp.path, 'w'),
          `http://alice:${alice.token}@127.0.0.1:${host.port}/alice/app.git`,
          'HEAD:main'
        )
        await host.idle()
        const deliveries = host.deliveries(repo.id)
        assert.equal(deliveries.length, 1)
        assert.equal(deliveries[0]?.status, 0)
        assert.match(deliveries[0]?.error ?? '', /patrick\.tau\.x\.localtau/)
        assert.equal(receiver.received.length, 0)
      } finally {
        await host.stop()
      }
    } finally {
      await receiver.stop()
      await tmp.cleanup()
    }
  })
})
