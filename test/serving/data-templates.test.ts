/**
 * The `upload` and `p2p_echo` templates in both languages on real nodes, made through the Console as
 * `dream new function --template …` makes them, one project per language in a universe with two substrates:
 * upload writes storages/uploads.yaml and stores a request body as a file both substrates read back; p2p_echo
 * writes services/p2p_echo.yaml and two functions, the HTTP one calling its `<name>_p2p` companion over p2p.
 */
import { describe, test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import fs from 'node:fs'
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import git from 'isomorphic-git'
import http from 'isomorphic-git/http/node'
import { parse } from 'yaml'
import type { FunctionView } from '../../src/console/console.js'
import type { ConsoleSession } from '../../src/console/session.js'
import type { Universe } from '../../src/index.js'
import { ConflictError, InvalidInputError } from '../../src/shared/errors.js'
import { consoleFor, hostRequest, pushAllAndWait } from '../helpers/serving.js'
import { startUniverse, waitFor } from '../helpers/universe.js'

const LANGUAGES = ['go', 'assemblyscript'] as const

/** The parsed YAML of `paths` in a clone of the repository at `url`. */
async function readYamls(url: string, s: ConsoleSession, paths: string[]): Promise<Record<string, unknown>> {
  const dir = await mkdtemp(join(tmpdir(), 'dream-tpl-'))
  try {
    const onAuth = () => ({ username: s.login, password: s.token })
    await git.clone({ fs, http, dir, url, ref: 'main', singleBranch: true, onAuth })
    const out: Record<string, unknown> = {}
    for (const p of paths) out[p] = parse(await readFile(join(dir, p), 'utf8'))
    return out
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
}

describe('the upload and p2p_echo templates', { timeout: 900_000 }, () => {
  let u: Universe
  let ports: number[]
  const upload: Record<string, FunctionView> = {}
  const p2pEcho: Record<string, FunctionView> = {}
  /** The config repository's files of each language's project after the templates were added. */
  const configFiles: Record<string, Record<string, unknown>> = {}

  /** `POST` to `fn` on `port` once it is served (its build reached the substrate). */
  const post = async (port: number, fn: FunctionView, query: string, body: string) => {
    let r = { status: 0, body: '' }
    await waitFor(`${fn.name} on ${port}`, async () => {
      r = await hostRequest(port, fn.fqdn, `${fn.path}${query}`, { method: 'POST', body, timeoutMs: 30_000 })
      return r.status !== 503 && !(r.status === 404 && !r.body.includes('ErrorStorage'))
    })
    return r
  }

  before(async () => {
    u = await startUniverse({ webhooks: false, binds: { substrate: { copies: 2 } } })
    const { console: c, session: s } = await consoleFor(u)
    for (const language of LANGUAGES) {
      const project = await c.newProject(`tpl_${language}`)
      upload[language] = await c.newFunction('upload', { project: project.name, template: 'upload', language })
      p2pEcho[language] = await c.newFunction('echo', { project: project.name, template: 'p2p_echo', language })
      configFiles[language] = await readYamls(project.config.url, s, [
        'storages/uploads.yaml',
        'services/p2p_echo.yaml',
        'functions/echo_p2p.yaml'
      ])
    }
    await pushAllAndWait(u)
    ports = u.directory.byRole('substrate').map(e => e.ports.http as number)
    assert.equal(ports.length, 2)
  })
  after(async () => {
    await u?.stop()
  })

  test('the config has the storage, the service and the p2p companion, as the compiler reads them', () => {
    for (const language of LANGUAGES) {
      const f = configFiles[language] ?? {}
      assert.deepEqual(
        (f['storages/uploads.yaml'] as { object: unknown }).object,
        { versioning: true, size: '10MB' },
        language
      )
      assert.equal((f['services/p2p_echo.yaml'] as { protocol: string }).protocol, '/p2p_echo/v1')
      assert.deepEqual((f['functions/echo_p2p.yaml'] as { trigger: unknown }).trigger, {
        type: 'p2p',
        protocol: 'p2p_echo',
        command: 'echo',
        local: false
      })
    }
  })

  for (const language of LANGUAGES) {
    test(`${language} upload: a body is stored as a file, read back on both substrates`, async () => {
      const fn = upload[language] as FunctionView
      const [first, second] = ports as [number, number]
      const missing = await post(first, fn, '?name=none.txt', '')
      assert.equal(missing.status, 404)
      assert.match(missing.body, /Getting file: `none\.txt` failed with: ErrorStorageGetMetaFailed/)
      const stored = await post(first, fn, '?name=a.txt', `hello from ${language}`)
      assert.deepEqual(stored, { ...stored, status: 200, body: `hello from ${language}` })
      // A request without a body only reads: the other substrate serves the file from the storage.
      assert.equal((await post(second, fn, '?name=a.txt', '')).body, `hello from ${language}`)
      // Each upload is a new version; the answer is the latest.
      assert.equal((await post(second, fn, '?name=a.txt', 'v2')).body, 'v2')
      assert.equal((await post(first, fn, '?name=a.txt', '')).body, 'v2')
    })

    test(`${language} p2p_echo: the HTTP function's body comes back from its p2p function`, async () => {
      const fn = p2pEcho[language] as FunctionView
      assert.deepEqual(fn.companions, ['echo_p2p (p2p: command echo on service p2p_echo)'])
      for (const port of ports) {
        const r = await post(port, fn, '', `hi ${port}`)
        assert.equal(r.status, 200, r.body)
        assert.equal(r.body, `echo: hi ${port}`)
      }
    })
  }

  test('a second p2p_echo function shares the service and gets its own companion; no --library', async () => {
    const { console: c, session: s } = await consoleFor(u)
    const again = await c.newFunction('again', { project: 'tpl_go', template: 'p2p_echo', path: '/again' })
    assert.equal(again.template, 'p2p_echo')
    const project = await c.project('tpl_go')
    const f = await readYamls(project.config.url, s, ['services/p2p_echo.yaml', 'functions/again_p2p.yaml'])
    const service = configFiles.go?.['services/p2p_echo.yaml'] as { id: string }
    assert.equal((f['services/p2p_echo.yaml'] as { id: string }).id, service.id, 'the service is not rewritten')
    assert.equal((f['functions/again_p2p.yaml'] as { execution: { call: string } }).execution.call, 'echo')
    await assert.rejects(
      c.newFunction('lib', { project: 'tpl_go', template: 'p2p_echo', library: 'any' }),
      (err: unknown) => err instanceof InvalidInputError && err.code === 'FUNCTION_LIBRARY'
    )
    await assert.rejects(
      c.newFunction('again', { project: 'tpl_go', template: 'p2p_echo', path: '/again2' }),
      (err: unknown) => err instanceof ConflictError && /already has a function again/.test(err.message)
    )
  })
})

describe('p2p_echo with one substrate', { timeout: 600_000 }, () => {
  let u: Universe

  before(async () => {
    u = await startUniverse({ webhooks: false })
  })
  after(async () => {
    await u?.stop()
  })

  test('the only substrate serves the p2p call itself (libp2p does not dial its own node)', async () => {
    const { console: c } = await consoleFor(u)
    await c.newProject('alone')
    const fn = await c.newFunction('echo', { project: 'alone', template: 'p2p_echo', language: 'assemblyscript' })
    await pushAllAndWait(u)
    const [port] = u.directory.byRole('substrate').map(e => e.ports.http as number)
    assert.ok(port !== undefined)
    let r = { status: 0, body: '' }
    await waitFor('the caller', async () => {
      r = await hostRequest(port, fn.fqdn, fn.path, { method: 'POST', body: 'alone', timeoutMs: 30_000 })
      return r.status !== 404 && r.status !== 503
    })
    assert.deepEqual({ status: r.status, body: r.body }, { status: 200, body: 'echo: alone' })
  })
})
