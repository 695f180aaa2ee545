import { test } from 'node:test'
import assert from 'node:assert/strict'
import * as fs from 'node:fs'
import { join } from 'node:path'
import git from 'isomorphic-git'
import http from 'isomorphic-git/http/node'
import { GitHost } from '../../src/githost/index.js'
import { silent } from '../../src/shared/log.js'
import { api, tempDir } from '../helpers/githost.js'

const author = { name: 't', email: 't@t' }

/** isomorphic-git reports HTTP refusals as HttpError with the status in `data`. */
function httpStatus(status: number): (err: unknown) => boolean {
  return err => (err as { data?: { statusCode?: number } }).data?.statusCode === status
}

test('isomorphic-git: deploy keys open their own repo only, read-only keys cannot push', async () => {
  const tmp = await tempDir()
  const host = new GitHost({ root: join(tmp.path, 'root'), log: silent })
  try {
    await host.start()
    const alice = await host.createUser('alice')
    for (const name of ['app', 'secret'])
      await api(host.url, 'POST', '/user/repos', alice.token, { name, private: true })
    const url = (name: string): string => `${host.url}/alice/${name}.git`
    const asUser = { onAuth: () => ({ username: 'alice', password: alice.token }) }

    // Seed `app` with a commit using the owner's token.
    const seed = join(tmp.path, 'seed')
    await git.init({ fs, dir: seed, defaultBranch: 'main' })
    await fs.promises.writeFile(join(seed, 'hello.txt'), 'hi\n')
    await git.add({ fs, dir: seed, filepath: 'hello.txt' })
    const sha = await git.commit({ fs, dir: seed, message: 'seed', author })
    await git.addRemote({ fs, dir: seed, remote: 'origin', url: url('app') })
    const pushed = await git.push({ fs, http, dir: seed, remote: 'origin', ref: 'main', ...asUser })
    assert.equal(pushed.ok, true)

    const ro = await api(host.url, 'POST', '/repos/alice/app/keys', alice.token, {
      title: 'ro',
      key: 'ro-key-123',
      read_only: true
    })
    const rw = await api(host.url, 'POST', '/repos/alice/app/keys', alice.token, {
      title: 'rw',
      key: 'rw-key-456',
      read_only: false
    })
    assert.equal(ro.status, 201)
    assert.equal(rw.status, 201)
    const withKey = (key: string) => ({ onAuth: () => ({ username: 'x-deploy', password: key }) })

    // Read-only key clones its repo.
    const clone = join(tmp.path, 'clone')
    await git.clone({ fs, http, dir: clone, url: url('app'), ...withKey('ro-key-123') })
    assert.equal(await git.resolveRef({ fs, dir: clone, ref: 'HEAD' }), sha)
    assert.equal(await fs.promises.readFile(join(clone, 'hello.txt'), 'utf8'), 'hi\n')

    // The same key cannot read another private repo of the same owner.
    await assert.rejects(
      git.clone({ fs, http, dir: join(tmp.path, 'nope'), url: url('secret'), ...withKey('ro-key-123') }),
      httpStatus(404)
    )
    // Nor can no credentials at all.
    await assert.rejects(git.clone({ fs, http, dir: join(tmp.path, 'anon'), url: url('app') }), httpStatus(401))

    // Read-only key cannot push; write key can, and a fetch sees it.
    await fs.promises.writeFile(join(clone, 'b.txt'), 'b\n')
    await git.add({ fs, dir: clone, filepath: 'b.txt' })
    const sha2 = await git.commit({ fs, dir: clone, message: 'by key', author })
    await assert.rejects(
      git.push({ fs, http, dir: clone, remote: 'origin', ref: 'main', ...withKey('ro-key-123') }),
      httpStatus(403)
    )
    const res = await git.push({ fs, http, dir: clone, remote: 'origin', ref: 'main', ...withKey('rw-key-456') })
    assert.equal(res.ok, true)
    await git.fetch({ fs, http, dir: seed, remote: 'origin', ref: 'main', ...asUser })
    assert.equal(await git.resolveRef({ fs, dir: seed, ref: 'refs/remotes/origin/main' }), sha2)

    // Deleting the key revokes it.
    await api(host.url, 'DELETE', `/repos/alice/app/keys/${String(rw.json.id)}`, alice.token)
    await assert.rejects(
      git.push({ fs, http, dir: clone, remote: 'origin', ref: 'main', force: true, ...withKey('rw-key-456') }),
      httpStatus(401)
    )
  } finally {
    await host.stop()
    await tmp.cleanup()
  }
})
