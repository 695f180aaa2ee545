/**
 * The walkthrough (README.md) end to end with the built `dream` executable (`node bin/dream.js`), a
 * temporary HOME and a free control API port: new multiverse → new project hello → new function ping_pong →
 * inject push-all --wait → a request with the Host header → PONG; the same with the echo template for a POST
 * with a body and a query string; seer resolves the fqdn; and, as README's "With git" part, a `git push` of new
 * code (webhooks on, the default) is served and what it logs is shown by `dream logs --function`.
 */
import { describe, test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { type DreamProcess, dreamEnv, runDream, startMultiverse, type RunResult } from '../helpers/cli.js'
import { isolatedGit, ok } from '../helpers/githost.js'
import { dnsQuery, hostRequest, waitForBody } from '../helpers/serving.js'

interface StatusNode {
  name: string
  value: Record<string, number>
}

describe('walkthrough with the dream binary', { timeout: 600_000 }, () => {
  let env: Awaited<ReturnType<typeof dreamEnv>>
  let daemon: DreamProcess | undefined
  let substratePort = 0
  let codeUrl = ''
  let pingFqdn = ''

  const dream = async (...args: string[]): Promise<RunResult> => {
    const r = await runDream(args, { home: env.home, apiPort: env.apiPort, timeoutMs: 300_000 })
    assert.equal(r.code, 0, `dream ${args.join(' ')} exited ${String(r.code)}\n${r.stdout}\n${r.stderr}`)
    return r
  }
  /** `dream new function ...` prints `Function <name>: <METHOD> http://<fqdn><path>`. */
  const fqdnOf = (r: RunResult): { fqdn: string; path: string } => {
    const m = /^Function \S+: [A-Z]+ http:\/\/([a-z0-9.-]+\.blackhole\.localtau)(\/\S*)$/m.exec(r.stdout)
    assert.ok(m !== null, `no URL printed: ${r.stdout}`)
    return { fqdn: m[1] as string, path: m[2] as string }
  }

  before(async () => {
    env = await dreamEnv()
    daemon = await startMultiverse({
      home: env.home,
      apiPort: env.apiPort,
      args: ['--api-port', String(env.apiPort)],
      timeoutMs: 120_000
    })
  })
  after(async () => {
    try {
      if (daemon !== undefined) {
        const exit = await daemon.stop('SIGTERM', 60_000)
        assert.equal(exit.code, 0, daemon.describe())
      }
    } finally {
      await env?.cleanup()
    }
  })

  test('new project hello', async () => {
    const r = await dream('new', 'project', 'hello')
    assert.match(r.stdout, /^Project hello created: \S+$/m)
    assert.match(r.stdout, /tb_hello\.git/)
    const m = /^\s*code\s+(http:\/\/\S+\/tb_code_hello\.git)$/m.exec(r.stdout)
    assert.ok(m !== null, r.stdout)
    codeUrl = m[1] as string
  })

  test('ping_pong: new function → push-all --wait → GET with Host → PONG', async () => {
    const { fqdn, path } = fqdnOf(
      await dream(
        'new',
        'function',
        'ping_pong',
        '--project',
        'hello',
        '--template',
        'ping_pong',
        '--language',
        'assemblyscript'
      )
    )
    assert.equal(path, '/ping')
    pingFqdn = fqdn
    const pushed = await dream('inject', 'push-all', '--wait')
    assert.match(pushed.stdout, /succeeded/)
    assert.doesNotMatch(pushed.stdout, /failed/)
    // `dream builds --project hello`: a config job and a code job, both succeeded (webhook jobs may be there too).
    const { jobs } = JSON.parse((await dream('builds', '--project', 'hello', '--json')).stdout) as {
      jobs: Array<{ type: string; status: string }>
    }
    for (const type of ['config', 'code'])
      assert.ok(
        jobs.some(j => j.type === type && j.status === 'succeeded'),
        `${type} job succeeded: ${JSON.stringify(jobs)}`
      )
    // `dream status substrate` shows `@ http://127.0.0.1:<port>` above its table, as the walkthrough reads it.
    const status = await dream('status', 'substrate')
    const m = /@ http:\/\/127\.0\.0\.1:(\d+)/.exec(status.stdout)
    assert.ok(m !== null, status.stdout)
    substratePort = Number(m[1])
    const r = await waitForBody(substratePort, fqdn, '/ping', 'PONG', 120_000)
    assert.equal(r.status, 200)
    assert.equal(typeof r.headers['x-dream-node'], 'string')
    assert.equal(typeof r.headers['x-dream-commit'], 'string')
    assert.equal(typeof r.headers['x-dream-job'], 'string')
    const nf = await hostRequest(substratePort, 'nope.blackhole.localtau', '/ping')
    assert.equal(nf.status, 404)

    // dig @127.0.0.1 -p <seer dns port> <fqdn> → 127.0.0.1
    const seer = JSON.parse((await dream('status', 'seer', '--json')).stdout) as StatusNode
    const dns = seer.value.dns
    assert.ok(typeof dns === 'number' && dns > 0, JSON.stringify(seer))
    const a = await dnsQuery(dns, fqdn, 'A', 'udp')
    assert.deepEqual(
      a.answers.map(x => x.address),
      ['127.0.0.1']
    )
  })

  test('echo: new function → push-all --wait → POST with a body and a query string', async () => {
    // The README's paste-ready form: --json output read for the fqdn and the port.
    const f = JSON.parse(
      (
        await dream(
          'new',
          'function',
          'echo',
          '--project',
          'hello',
          '--template',
          'echo',
          '--language',
          'assemblyscript',
          '--json'
        )
      ).stdout
    ) as { fqdn: string; path: string }
    const fqdn = f.fqdn
    assert.equal(f.path, '/echo')
    await dream('inject', 'push-all', '--wait')
    const status = JSON.parse((await dream('status', 'substrate', '--json')).stdout) as StatusNode
    assert.equal(status.value.http, substratePort)
    const body = 'hello from the walkthrough'
    let last = ''
    const deadline = Date.now() + 120_000
    for (;;) {
      const r = await hostRequest(substratePort, fqdn, '/echo?name=dream&n=1', { method: 'POST', body })
      if (r.status === 200) {
        assert.deepEqual(JSON.parse(r.body), { method: 'POST', path: '/echo', query: { name: 'dream', n: '1' }, body })
        break
      }
      last = `${r.status} ${r.body}`
      assert.ok(Date.now() < deadline, `echo never answered 200; last: ${last}`)
      await new Promise(resolve => setTimeout(resolve, 100))
    }
    // ping_pong is still served next to it.
    assert.equal((await hostRequest(substratePort, fqdn, '/ping')).body, 'PONG')
  })

  test('git push of new code (webhook) → the new code is served, its log lines in dream logs --function', async () => {
    const tmp = await mkdtemp(join(tmpdir(), 'dream-e2e-git-'))
    try {
      const git = isolatedGit(join(tmp, 'home'))
      const work = join(tmp, 'tb_code_hello')
      await ok(git(['clone', codeUrl, work]))
      const file = join(work, 'functions', 'ping_pong', 'ping_pong.ts')
      assert.match(await readFile(file, 'utf8'), /write\("PONG"\)/)
      await writeFile(
        file,
        [
          'import { Event } from "sdk/event";',
          'import { log } from "sdk/log";',
          'export function ping(e: Event): u32 {',
          '  let h = e.http();',
          '  if (!h.ok) { return 1; }',
          '  log("louder ping");',
          '  if (h.unwrap().write("LOUDER").err) { return 1; }',
          '  return 0;',
          '}',
          ''
        ].join('\n')
      )
      await ok(git(['commit', '-am', 'louder'], work))
      await ok(git(['push', 'origin', 'main'], work))
      const head = (await ok(git(['rev-parse', 'HEAD'], work))).trim()
      // No fixture: the git host's webhook made patrick queue the job.
      const r = await waitForBody(substratePort, pingFqdn, '/ping', 'LOUDER', 180_000)
      assert.equal(r.headers['x-dream-commit'], head)
      const logs = await dream('logs', '--function', 'ping_pong')
      assert.match(logs.stdout, /ping_pong: louder ping$/m)
    } finally {
      await rm(tmp, { recursive: true, force: true })
    }
  })
})
