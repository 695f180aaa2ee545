/**
 * Another user of this machine gets nothing from dream: `curl` run as `nobody` against the control API, the
 * console's route and the git host is refused with a code saying what is missing, while the owner's curl and
 * in-process requests are served; the owner's token (0600, under the owner's state folder) works from anywhere.
 * Needs root (to run curl as another user): skipped otherwise.
 */
import { test, describe, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { execFile } from 'node:child_process'
import { stat } from 'node:fs/promises'
import { promisify } from 'node:util'
import type { Daemon } from '../../src/index.js'
import { apiTokenFile, readApiToken } from '../../src/shared/api-token.js'
import { startTestDaemon } from '../helpers/universe.js'

const run = promisify(execFile)
const notRoot = process.getuid?.() !== 0 ? 'needs root, to run curl as user nobody (runuser)' : false

/** curl as `user` (null: as this process's user); the status and the body. */
async function curl(
  user: string | null,
  url: string,
  headers: string[] = []
): Promise<{ status: number; body: string }> {
  const args = ['-s', '-o', '-', '-w', '\n%{http_code}', ...headers.flatMap(h => ['-H', h]), url]
  const { stdout } = user === null ? await run('curl', args) : await run('runuser', ['-u', user, '--', 'curl', ...args])
  const at = stdout.lastIndexOf('\n')
  return { status: Number(stdout.slice(at + 1)), body: stdout.slice(0, at) }
}

describe('only the owner is served', { timeout: 120_000, skip: notRoot }, () => {
  let d: Daemon
  let api: string
  let git: string
  let gitToken: string
  let apiToken: string
  before(async () => {
    d = await startTestDaemon({
      universes: [{ name: 'mine', spec: { services: ['auth'], simples: ['elder', 'client'] } }]
    })
    api = `http://127.0.0.1:${d.apiPort}`
    const u = d.multiverse.get('mine')
    git = u.git.url
    gitToken = (await u.git.createUser('dreamer')).token
    await u.git.createRepo('dreamer', { name: 'open' })
    apiToken = (await readApiToken(d.apiPort)) ?? ''
  })
  after(async () => {
    await d?.stop()
  })

  test('nobody gets 403 OWNER_ONLY from the API, the console route and the git host, and no secret', async () => {
    for (const url of [
      `${api}/ping`,
      `${api}/console/mine`,
      `${git}/user`,
      `${git}/dreamer/open.git/info/refs?service=git-upload-pack`
    ]) {
      const r = await curl('nobody', url)
      assert.equal(r.status, 403, url)
      assert.equal(JSON.parse(r.body).code, 'OWNER_ONLY', url)
      assert.match(r.body, /serves only the user who started it/)
      assert.ok(!r.body.includes(gitToken) && !r.body.includes(apiToken), url)
    }
    // A wrong bearer token is no better.
    const wrong = await curl('nobody', `${api}/console/mine`, ['Authorization: Bearer not-the-token'])
    assert.equal(wrong.status, 403)
  })

  test('the owner is served with nothing to type: curl, and this process', async () => {
    const byCurl = await curl(null, `${api}/console/mine`)
    assert.equal(byCurl.status, 200)
    assert.equal(JSON.parse(byCurl.body).token, gitToken)
    assert.equal((await curl(null, `${git}/dreamer/open.git/info/refs?service=git-upload-pack`)).status, 200)
    assert.equal((await fetch(`${api}/ping`)).status, 200)
    // Hostile Host and Origin are still refused for the owner.
    assert.equal((await curl(null, `${api}/status`, [`Host: evil.example:${d.apiPort}`])).status, 403)
    assert.equal((await curl(null, `${api}/status`, ['Origin: http://evil.example'])).status, 403)
  })

  test("the owner's token (a 0600 file) and the git host's credentials pass where the uid does not", async () => {
    const mode = (await stat(apiTokenFile(d.apiPort))).mode & 0o777
    assert.equal(mode, 0o600)
    assert.ok(apiToken.length >= 32)
    const withToken = await curl('nobody', `${api}/console/mine`, [`Authorization: Bearer ${apiToken}`])
    assert.equal(withToken.status, 200)
    const withGitToken = await curl('nobody', `${git}/user`, [`Authorization: token ${gitToken}`])
    assert.equal(withGitToken.status, 200)
  })

  test('GET /?token= sets an HttpOnly, SameSite=Strict cookie that opens the console', async () => {
    const login = await run('runuser', [
      '-u',
      'nobody',
      '--',
      'curl',
      '-s',
      '-D',
      '-',
      '-o',
      '/dev/null',
      `${api}/?token=${apiToken}`
    ])
    assert.match(login.stdout, /^HTTP\/1\.1 303/)
    const cookie = /set-cookie: ([^;\r\n]+)(.*)/i.exec(login.stdout)
    assert.ok(cookie !== null)
    assert.match(cookie[2] ?? '', /HttpOnly/)
    assert.match(cookie[2] ?? '', /SameSite=Strict/)
    assert.equal((await curl('nobody', `${api}/ping`, [`Cookie: ${cookie[1]}`])).status, 200)
    assert.equal((await curl('nobody', `${api}/?token=wrong`)).status, 403)
  })

  test('the token file goes with the daemon', async () => {
    const other = await startTestDaemon()
    const file = apiTokenFile(other.apiPort)
    assert.ok((await readApiToken(other.apiPort)) !== undefined)
    await other.stop()
    await assert.rejects(stat(file))
  })
})
