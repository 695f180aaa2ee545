import { test } from 'node:test'
import assert from 'node:assert/strict'
import { join } from 'node:path'
import { GitHost } from '../../src/githost/index.js'
import { silent } from '../../src/shared/log.js'
import { api, commitOneAndPush, isolatedGit, ok, tempDir } from '../helpers/githost.js'

test('users, repos, hooks, keys and git data survive a restart on the same root', async () => {
  const tmp = await tempDir()
  const root = join(tmp.path, 'root')
  const git = isolatedGit(join(tmp.path, 'home'))
  const first = new GitHost({ root, log: silent })
  let alice: { login: string; id: number; token: string }
  let repo: { id: number }
  let head: string
  try {
    await first.start()
    alice = await first.createUser('alice')
    repo = (await api(first.url, 'POST', '/user/repos', alice.token, { name: 'app', private: true })).json
    await api(first.url, 'POST', '/repos/alice/app/hooks', alice.token, {
      config: { url: 'http://127.0.0.1:9/h', secret: 's' },
      events: ['push']
    })
    await api(first.url, 'POST', '/repos/alice/app/keys', alice.token, { title: 'k', key: 'the-key', read_only: true })
    head = await commitOneAndPush(
      git,
      join(tmp.path, 'work'),
      `http://alice:${alice.token}@127.0.0.1:${first.port}/alice/app.git`,
      'main'
    )
  } finally {
    await first.stop()
  }

  const second = new GitHost({ root, log: silent })
  try {
    await second.start()
    assert.deepEqual(await second.createUser('alice'), alice)
    assert.equal(second.authenticate(`github ${alice.token}`)?.id, alice.id)
    const again = (await api(second.url, 'GET', '/repos/alice/app', alice.token)).json
    assert.equal(again.id, repo.id)
    assert.equal(again.private, true)
    assert.equal((await api(second.url, 'GET', '/repos/alice/app/hooks', alice.token)).json.length, 1)
    assert.equal((await api(second.url, 'GET', '/repos/alice/app/keys', alice.token)).json.length, 1)
    // The deploy key still opens the repo and the pushed commit is there.
    const clone = join(tmp.path, 'clone')
    await ok(git(['clone', `http://deploy:the-key@127.0.0.1:${second.port}/alice/app.git`, clone]))
    assert.equal((await ok(git(['rev-parse', 'HEAD'], clone))).trim(), head)
  } finally {
    await second.stop()
    await tmp.cleanup()
  }
})
