/**
 * The walkthrough (README.md): project creation → new function ping_pong → `dream inject push-all` → a config and
 * a code job succeed, and TNS holds the layout of test/compiler/worked-example.test.ts plus the built module's
 * asset. Also auth's registration (one webhook pointing at patrick, a 32-character secret, a deploy key for one
 * repo only) and patrick's webhook checks (forged signatures refused, re-delivery deduplicated).
 *
 * One universe with webhooks off (as `dream new multiverse --no-webhooks`): only fixtures and this test start builds.
 */
import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { join } from 'node:path'
import { wasm } from '../../src/vm/webassembly.js'
import { assetKey, jobId } from '../../src/shared/ids.js'
import type { Universe } from '../../src/universe/universe.js'
import { api, isolatedGit, tempDir } from '../helpers/githost.js'
import {
  FAILED,
  SUCCESS,
  allJobs,
  authHook,
  authRepo,
  finalJobs,
  functionId,
  headPayload,
  hoarderOf,
  jobInfo,
  jobLog,
  pingPongProject,
  postWebhook,
  runPush,
  sessionOf,
  signed,
  tnsOf,
  type PingPong
} from '../helpers/pipeline.js'
import { startUniverse } from '../helpers/universe.js'

/** The project object as TNS returns it, read field by field by the assertions below. */
interface ProjectObject {
  id?: string
  name?: string
  functions?: Record<string, { paths?: string[] } & Record<string, unknown>>
  domains?: Record<string, unknown>
}

let u: Universe
let pp: PingPong
let tmp: Awaited<ReturnType<typeof tempDir>>

before(async () => {
  tmp = await tempDir('dream-pipeline-')
  u = await startUniverse({ webhooks: false })
  pp = await pingPongProject(u, 'hello', { private: true })
})
after(async () => {
  await u?.stop()
  await tmp?.cleanup()
})

/** Reversed fqdn segments: abcd12340.blackhole.localtau → localtau/blackhole/abcd12340. */
const reversed = (fqdn: string): string[] => fqdn.split('.').reverse()

test('new project + ping_pong → push-all: both jobs succeed, TNS holds the compiled layout and the asset', async () => {
  const P = pp.project.id
  assert.match(P, /^Qm[1-9A-HJ-NP-Za-km-z]{44}$/)
  // The generated domain: <last 8 of the project id, lower-case><n>.<universe>.localtau
  assert.equal(pp.fn.fqdn, `${P.slice(-8).toLowerCase()}0.${u.fqdn}`)
  assert.equal(pp.fn.method, 'GET')
  assert.equal(pp.fn.path, '/ping')

  const jobs = await runPush(u, 'push-all')
  assert.equal(jobs.length, 2, 'one config and one code job')
  const [config, code] = jobs as [(typeof jobs)[0], (typeof jobs)[0]]
  for (const j of jobs) {
    assert.equal(j.Status, SUCCESS, `job ${j.Id} ended ${j.Status}:\n${await jobLog(u, j)}`)
    assert.equal(j.Attempt, 1)
    assert.equal(j.ProjectId, P)
    assert.equal(j.Meta.ref, 'refs/heads/main')
  }
  assert.equal(String(config.Meta.Repository.id), pp.project.config.id, 'config repo pushed first')
  assert.equal(String(code.Meta.Repository.id), pp.project.code.id)
  const C = config.Meta.after
  assert.match(C, /^[0-9a-f]{40}$/)

  const tns = tnsOf(u)
  const F = await functionId(u, P, 'ping_pong')
  const link = `branches/main/projects/${P}/functions/${F}`
  // Indexes (the push at the root).
  assert.deepEqual(await tns.fetch(['wasm', 'project', P, 'modules', 'functions', 'ping_pong', 'links']), [link])
  assert.deepEqual(await tns.fetch(['http', 'functions', ...reversed(pp.fn.fqdn), 'links']), [link])
  // The domain placeholder is a null leaf: fetch skips it, lookup lists it.
  const domainKey = ['domains', ...reversed(pp.fn.fqdn), 'links']
  assert.equal(await tns.fetch(domainKey), null)
  assert.deepEqual(await tns.lookup(domainKey), [`/${domainKey.join('/')}`])

  // The project object at the pushed commit.
  const object = await tns.fetch<ProjectObject>(['branches', 'main', 'commit', C, 'projects', P])
  assert.ok(object !== null)
  assert.equal(object.id, P)
  assert.equal(object.name, 'hello')
  const fn = object.functions?.[F]
  const D = Object.keys(object.domains ?? {})[0] ?? ''
  assert.deepEqual(object.domains?.[D], {
    name: 'GeneratedDomain',
    description: '',
    tags: [],
    fqdn: pp.fn.fqdn,
    'cert-type': 'auto'
  })
  assert.deepEqual(fn, {
    name: 'ping_pong',
    description: 'Returns PONG to a ping over http',
    tags: [],
    type: 'https',
    secure: true,
    method: 'GET',
    paths: ['/ping'],
    domains: [D],
    source: '.',
    timeout: 10_000_000_000,
    memory: 10_000_000,
    call: 'ping'
  })
  // The current-commit pointer: a single leaf comes back bare.
  assert.equal(await tns.fetch(['projects', P, 'branches', 'main', 'current']), C)

  // The code job's artifact: TNS assets/<hash(P + F + main)> = a CID that hoarder serves and that is valid wasm.
  const cid = await tns.fetch<string>(['assets', assetKey(P, F, 'main')])
  assert.equal(typeof cid, 'string')
  assert.equal(code.AssetCid[F], cid)
  const bytes = await hoarderOf(u).get(cid as string)
  assert.ok(wasm.validate(bytes), 'the stored artifact is a valid wasm module')
  assert.ok(wasm.Module.exports(new wasm.Module(bytes)).some(e => e.name === 'ping'))

  // Each job has a readable log in hoarder.
  const codeLog = await jobLog(u, code)
  assert.match(codeLog, /git clone /)
  assert.match(codeLog, /build functions\/ping_pong: ok/)
  assert.match(codeLog, new RegExp(`Running job ${code.Id} was successful`))
  const configLog = await jobLog(u, config)
  assert.match(configLog, /compile config: ok/)
  // The config job's plan goes to TNS in one batch: indexes, the object at its commit, the current pointer and the
  // owner of the project's new domain.
  assert.match(configLog, /tns publish 4 path\(s\) in one batch: ok/)
  assert.match(configLog, /\/domain-owners\/\S+\/project\n/)
  assert.match(configLog, new RegExp(`^\\S+ +/projects/${P}/branches/main/current$`, 'm'))
})

test('patrick HTTP: /jobs/:pid, /job/:id and /logs/:cid need a git host token (401 without)', async () => {
  const patrick = u.directory.byRole('patrick')[0]
  assert.ok(patrick !== undefined)
  const base = `http://127.0.0.1:${patrick.ports.http}`
  const { token } = await sessionOf(u)
  const [job] = await allJobs(u, pp.project.id)
  assert.ok(job !== undefined)
  const logCid = Object.values(job.Logs)[0] ?? ''
  for (const path of [`/jobs/${pp.project.id}`, `/job/${job.Id}`, `/logs/${logCid}`]) {
    for (const authorization of [undefined, 'github not-a-token', 'nonsense']) {
      const res = await fetch(base + path, authorization !== undefined ? { headers: { authorization } } : {})
      assert.equal(res.status, 401, `${path} with ${String(authorization)}`)
      assert.match(((await res.json()) as { code: string }).code, /^AUTH_/)
    }
  }
  const ok = async (path: string): Promise<Response> => {
    const res = await fetch(base + path, { headers: { authorization: `github ${token}` } })
    assert.equal(res.status, 200, path)
    return res
  }
  const listed = (await (await ok(`/jobs/${pp.project.id}`)).json()) as { ProjectId: string; JobIds: string[] }
  assert.equal(listed.ProjectId, pp.project.id)
  assert.ok(listed.JobIds.includes(job.Id))
  const one = (await (await ok(`/job/${job.Id}`)).json()) as { job: { Id: string; Status: number } }
  assert.equal(one.job.Id, job.Id)
  assert.match(await (await ok(`/logs/${logCid}`)).text(), new RegExp(`job ${job.Id}`))
  const missing = await fetch(`${base}/job/nope`, { headers: { authorization: `github ${token}` } })
  assert.equal(missing.status, 404)
  assert.equal(((await missing.json()) as { code: string }).code, 'JOB_NOT_FOUND')
})

test('auth: each repo got one webhook (patrick /github/<hookId>, 32-char secret) and its own deploy key', async () => {
  const patrick = u.directory.byRole('patrick')[0]
  assert.ok(patrick !== undefined)
  const { token, login } = await sessionOf(u)
  const git = isolatedGit(join(tmp.path, 'home-auth'))
  const repos = { config: await authRepo(u, pp.project.config.id), code: await authRepo(u, pp.project.code.id) }
  for (const [kind, r] of Object.entries(repos)) {
    assert.equal(r.project, pp.project.id)
    assert.equal(r.hooks.length, 1, `${kind}: one hook`)
    const hookId = r.hooks[0] ?? ''
    const hook = await authHook(u, hookId)
    assert.match(hook.secret, /^[0-9A-Za-z]{32}$/)
    assert.equal(hook.repository, String(kind === 'config' ? pp.project.config.id : pp.project.code.id))
    const onHost = (await api(u.git.url, 'GET', `/repos/${r.fullname}/hooks`, token)).json as Array<{
      id: number
      events: string[]
      config: { url: string }
    }>
    assert.equal(onHost.length, 1, `${kind}: one webhook on the git host`)
    // patrick's webhook route, named as tau names it (patrick.tau.<fqdn>) or by its loopback port.
    const url = new URL(onHost[0]?.config.url ?? '')
    assert.equal(url.pathname, `/github/${hookId}`)
    assert.ok(url.hostname === `patrick.tau.${u.fqdn}` || url.host === `127.0.0.1:${patrick.ports.http}`, url.href)
    assert.equal(onHost[0]?.id, hook.github_id)
    assert.deepEqual(onHost[0]?.events, ['push'])
    const keys = (await api(u.git.url, 'GET', `/repos/${r.fullname}/keys`, token)).json as Array<{ read_only: boolean }>
    assert.equal(keys.length, 1, `${kind}: one deploy key`)
    assert.equal(keys[0]?.read_only, true)
  }
  // The code repo's deploy key clones the code repo, not the config repo (both private), and cannot push.
  const port = u.git.port
  const withKey = (full: string): string => `http://deploy:${repos.code.key}@127.0.0.1:${port}/${full}.git`
  const own = join(tmp.path, 'deploy-own')
  const cloned = await git(['clone', withKey(repos.code.fullname), own])
  assert.equal(cloned.code, 0, cloned.stderr)
  const other = await git(['clone', withKey(repos.config.fullname), join(tmp.path, 'deploy-other')])
  assert.notEqual(other.code, 0, 'a deploy key reaches its own repository only')
  assert.equal((await git(['commit', '--allow-empty', '-m', 'x'], own)).code, 0)
  assert.notEqual((await git(['push', 'origin', 'main'], own)).code, 0, 'deploy keys are read-only')
  assert.ok(login.length > 0)
})

test('auth: every route refuses a missing or bad token with 401', async () => {
  const { auth } = await sessionOf(u)
  const routes: Array<[string, string]> = [
    ['GET', '/me'],
    ['GET', '/projects'],
    ['GET', `/projects/${pp.project.id}`],
    ['DELETE', `/projects/${pp.project.id}`],
    ['POST', '/project/new/x'],
    ['GET', '/repositories'],
    ['PUT', `/repository/github/${pp.project.code.id}`],
    ['GET', `/repository/github/${pp.project.code.id}`],
    ['DELETE', `/repository/github/${pp.project.code.id}`]
  ]
  for (const [method, path] of routes) {
    for (const authorization of [undefined, 'github wrong-token', 'token', 'Basic Zm9vOmJhcg==']) {
      const res = await fetch(auth + path, {
        method,
        headers: {
          ...(authorization !== undefined ? { authorization } : {}),
          ...(method === 'POST' ? { 'content-type': 'application/json' } : {})
        },
        ...(method === 'POST' ? { body: '{}' } : {})
      })
      assert.equal(res.status, 401, `${method} ${path} with ${String(authorization)}`)
      assert.match(((await res.json()) as { code: string }).code, /^AUTH_/)
    }
  }
  // Nothing was deleted by the refused calls.
  assert.equal((await authRepo(u, pp.project.code.id)).project, pp.project.id)
})

test('webhook: forged, unsigned or unknown-hook deliveries get 401, no job; a re-delivery, the same job', async () => {
  const repo = await authRepo(u, pp.project.config.id)
  const hookId = repo.hooks[0] ?? ''
  const { secret } = await authHook(u, hookId)
  const pushedAt = u.nextPushTime()
  const body = await headPayload(u, repo.fullname, pushedAt)
  const payload = JSON.parse(body) as { ref: string; after: string; repository: { id: number } }
  const expectedId = jobId(payload.repository.id, payload.ref, payload.after, pushedAt)
  const before = (await allJobs(u)).length

  const refused: Array<[string, string, Record<string, string>, string]> = [
    ['wrong secret', hookId, signed(body, 'not-the-secret'), 'WEBHOOK_BAD_SIGNATURE'],
    [
      'sha256 wrong, sha1 right',
      hookId,
      { ...signed(body, secret), 'x-hub-signature-256': signed(body, 'nope')['x-hub-signature-256'] ?? '' },
      'WEBHOOK_BAD_SIGNATURE'
    ],
    ['tampered body', hookId, signed(body.replace(payload.after, 'f'.repeat(40)), secret), 'WEBHOOK_BAD_SIGNATURE'],
    ['no signature', hookId, {}, 'WEBHOOK_UNSIGNED'],
    ['unknown hook', 'QmUnknownHookIdUnknownHookIdUnknownHookId1234', signed(body, secret), 'WEBHOOK_UNKNOWN_HOOK']
  ]
  for (const [what, hook, headers, code] of refused) {
    const r = await postWebhook(u, hook, body, headers)
    assert.equal(r.status, 401, what)
    assert.equal(r.json.code, code, what)
  }
  assert.equal((await allJobs(u)).length, before, 'refused deliveries create no job')
  await assert.rejects(jobInfo(u, expectedId), (err: { code?: string }) => err.code === 'JOB_NOT_FOUND')

  const first = await postWebhook(u, hookId, body, signed(body, secret))
  assert.equal(first.status, 200, JSON.stringify(first.json))
  assert.equal(first.json.Id, expectedId, 'the job id is deterministic (jobId in src/shared/ids.ts)')
  const again = await postWebhook(u, hookId, body, { ...signed(body, secret), 'x-github-delivery': 'another-delivery' })
  assert.equal(again.status, 200)
  assert.equal(again.json.Id, expectedId, 'a re-delivery returns the existing job')
  assert.equal((await allJobs(u)).length, before + 1)

  // sha1 alone is accepted when sha256 is absent (older senders), as a new push.
  const pushedAt2 = u.nextPushTime()
  const body2 = await headPayload(u, repo.fullname, pushedAt2)
  const sha1Only = await postWebhook(u, hookId, body2, {
    'x-hub-signature': signed(body2, secret)['x-hub-signature'] ?? ''
  })
  assert.equal(sha1Only.status, 200, JSON.stringify(sha1Only.json))
  assert.equal(sha1Only.json.Id, jobId(payload.repository.id, payload.ref, payload.after, pushedAt2))

  const done = await finalJobs(u, [expectedId, sha1Only.json.Id as string])
  assert.deepEqual(
    done.map(j => j.Status),
    [SUCCESS, SUCCESS]
  )
  assert.notEqual(done[0]?.Status, FAILED)
})
