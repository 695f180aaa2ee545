/**
 * The rest of go-sdk from a function, on real nodes: a Go function (test/data/functions/goextras) reads and writes
 * `globals/str` values in the project's, the application's and the function's scope; creates, writes, seeks,
 * pushes and opens content by CID with the `storage` content API; looks names up with the `dns` resolver, rerouted
 * to the universe's own DNS server; reads `crypto/rand`; and passes bytes through `i2mv` memory views and fifos.
 * Values and content live on the hoarders, so a second substrate sees the same; a name with no value, a CID no
 * hoarder holds or another project stored, a name no server has and a resolver aimed at another port of this machine
 * get the SDK's errors.
 * An AssemblyScript function of the same project (test/data/functions/asglobals, dream's `sdk/globals`) reads and
 * writes the same global values.
 */
import { describe, test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { FunctionView, ProjectView } from '../../src/console/console.js'
import { editRepo } from '../../src/console/workspace.js'
import { createUniverse, type Universe } from '../../src/index.js'
import { cidOf } from '../../src/shared/cid.js'
import { generateId } from '../../src/shared/ids.js'
import {
  addCustomFunction,
  consoleFor,
  dnsPort,
  functionLogs,
  hostRequest,
  httpPort,
  pushAllAndWait,
  setFunctionYaml
} from '../helpers/serving.js'
import { uniqueName } from '../helpers/universe.js'
import { ROOT } from '../vm/functions.js'

describe('functions use globals, content and dns', { timeout: 900_000 }, () => {
  let root: string
  let u: Universe
  let fn: FunctionView
  /** The same function in another project. */
  let theirs: FunctionView
  /** An AssemblyScript function of fn's project using sdk/globals. */
  let asGlobals: FunctionView

  const op = async (q: Record<string, string>, port = httpPort(u), f = fn) =>
    await hostRequest(port, f.fqdn, `${f.path}?${new URLSearchParams(q).toString()}`, { timeoutMs: 30_000 })

  before(async () => {
    root = await mkdtemp(join(tmpdir(), 'dream-gc-'))
    u = createUniverse({ name: uniqueName('gc'), root, keep: false, webhooks: false })
    await u.start()
    const { console: c, session: s } = await consoleFor(u)
    const goSource = await readFile(join(ROOT, 'test/data/functions/goextras/goextras.go'), 'utf8')
    const extras = async (name: string): Promise<{ project: ProjectView; view: FunctionView }> => {
      const project = await c.newProject(name)
      const view = await c.newFunction('goextras', { project: name, template: 'counter', language: 'go' })
      await editRepo(project.code.url, s, 'goextras: the rest of go-sdk', async dir => {
        await rm(join(dir, 'functions', 'goextras', 'counter.go'))
        await writeFile(join(dir, 'functions', 'goextras', 'goextras.go'), goSource)
      })
      await setFunctionYaml(s, project, 'goextras', y => {
        y.execution = { ...y.execution, call: 'goextras' }
      })
      return { project, view }
    }
    const { project, view } = await extras('gcp')
    fn = view
    theirs = (await extras('gco')).view
    asGlobals = await addCustomFunction(c, s, project, { name: 'asglobals' })
    await editRepo(project.config.url, s, 'storage files', async dir => {
      await mkdir(join(dir, 'storages'), { recursive: true })
      const files = `id: ${generateId(project.id, 'files')}\nmatch: files\nobject:\n  size: 1MB\n`
      await writeFile(join(dir, 'storages', 'files.yaml'), files)
    })
    await pushAllAndWait(u)
  })

  after(async () => {
    await u?.stop()
    await rm(root, { recursive: true, force: true })
  })

  test('a global value is kept per scope: project, application, function', async () => {
    assert.equal((await op({ op: 'gput', name: 'greeting', value: 'hello' })).body, 'ok')
    assert.equal((await op({ op: 'gget', name: 'greeting' })).body, '[hello]')
    const missing = await op({ op: 'gget', name: 'greeting', scope: 'fn' })
    assert.equal(missing.status, 500)
    assert.match(missing.body, /ErrorDatabaseKeyNotFound/, 'the function scope has no such value')
    assert.equal((await op({ op: 'gcreate', name: 'greeting', scope: 'fn' })).body, '[]', 'created empty')
    assert.equal((await op({ op: 'gput', name: 'greeting', value: 'mine', scope: 'fn' })).body, 'ok')
    assert.equal((await op({ op: 'gget', name: 'greeting', scope: 'fn' })).body, '[mine]')
    assert.equal((await op({ op: 'gget', name: 'greeting' })).body, '[hello]', 'the project value is untouched')
    assert.equal((await op({ op: 'gcreate', name: 'greeting' })).body, '[hello]', 'an existing value is kept')
  })

  test("another project's function has its own global values", async () => {
    const other = await op({ op: 'gget', name: 'greeting' }, httpPort(u), theirs)
    assert.equal(other.status, 500)
    assert.match(other.body, /ErrorDatabaseKeyNotFound/)
    assert.equal((await op({ op: 'gput', name: 'greeting', value: 'theirs' }, httpPort(u), theirs)).body, 'ok')
    assert.equal((await op({ op: 'gget', name: 'greeting' })).body, '[hello]')
  })

  test('an AssemblyScript function shares the project global values with the Go one', async () => {
    const asOp = async (q: Record<string, string>) => await op(q, httpPort(u), asGlobals)
    assert.equal((await op({ op: 'gput', name: 'shared', value: 'from go' })).body, 'ok')
    assert.equal((await asOp({ op: 'get', name: 'shared' })).body, '[from go]')
    assert.equal((await asOp({ op: 'put', name: 'shared', value: 'from as' })).body, 'ok')
    assert.equal((await op({ op: 'gget', name: 'shared' })).body, '[from as]')
    assert.equal((await asOp({ op: 'putu32', name: 'n', value: '70000' })).body, 'ok')
    assert.equal((await asOp({ op: 'getu32', name: 'n' })).body, '70000')
    const mine = await asOp({ op: 'get', name: 'shared', scope: 'fn' })
    assert.equal(mine.status, 500, 'the function scope has no such value')
    assert.match(mine.body, /ErrorDatabaseKeyNotFound/)
  })

  test('content is written, sought, pushed by CID and opened again', async () => {
    const cid = await cidOf(new TextEncoder().encode('hello world'))
    assert.equal((await op({ op: 'push', data: 'hello world' })).body, `${cid} hello world`)
    assert.equal((await op({ op: 'open', cid })).body, `${cid} hello world`)
    assert.equal((await op({ op: 'open', cid, skip: '6' })).body, `${cid} world`)
    assert.equal((await op({ op: 'open', cid, tail: '3' })).body, `${cid} rld`)
    const absent = await op({ op: 'open', cid: await cidOf(new TextEncoder().encode('never stored')) })
    assert.equal(absent.status, 500)
    assert.match(absent.body, /ErrorCidNotFound/)
  })

  test('a function opens only content its own project stored, whoever else holds the bytes', async () => {
    const cid = await cidOf(new TextEncoder().encode('hello world'))
    assert.equal((await op({ op: 'open', cid })).body, `${cid} hello world`, 'this project pushed it')
    const refused = await op({ op: 'open', cid }, httpPort(u), theirs)
    assert.equal(refused.status, 500, refused.body)
    assert.match(refused.body, /ErrorCidNotFound/)
    assert.equal((await op({ op: 'push', data: 'hello world' }, httpPort(u), theirs)).body, `${cid} hello world`)
    assert.equal((await op({ op: 'open', cid }, httpPort(u), theirs)).body, `${cid} hello world`, 'now its own too')
  })

  test("a storage file's CID is its content's", async () => {
    assert.equal((await op({ op: 'add', st: 'files', file: 'a.txt', data: 'stored bytes' })).body, 'ok')
    const cid = await cidOf(new TextEncoder().encode('stored bytes'))
    assert.equal((await op({ op: 'cid', st: 'files', file: 'a.txt' })).body, cid)
    assert.equal((await op({ op: 'open', cid })).body, `${cid} stored bytes`)
    const none = await op({ op: 'cid', st: 'files', file: 'none.txt' })
    assert.equal(none.status, 500)
    assert.match(none.body, /ErrorStorageGetMetaFailed/)
  })

  test('a second substrate sees the same global values and content', async () => {
    const [second] = await u.addService('substrate')
    const port = second?.ports.http
    assert.ok(port !== undefined)
    assert.equal((await op({ op: 'gget', name: 'greeting' }, port)).body, '[hello]')
    assert.equal((await op({ op: 'gget', name: 'greeting', scope: 'fn' }, port)).body, '[mine]')
    const cid = await cidOf(new TextEncoder().encode('hello world'))
    assert.equal((await op({ op: 'open', cid }, port)).body, `${cid} hello world`)
  })

  test("dns: a rerouted resolver asks the universe's DNS server; a name it has not gets the SDK error", async () => {
    const seer = `127.0.0.1:${dnsPort(u)}`
    const hoarders = u.directory.byRole('hoarder').flatMap(n => n.addrs.map(a => a.toString()))
    const txt = await op({ op: 'dns', kind: 'txt', name: `hoarder.tau.${u.fqdn}`, server: seer })
    assert.deepEqual(txt.body.split(',').sort(), [...hoarders].sort())
    const none = await op({ op: 'dns', kind: 'txt', name: `nothing.tau.${u.fqdn}`, server: seer })
    assert.equal(none.status, 500)
    assert.match(none.body, /ErrorFailedTxTLookup/)
    const mx = await op({ op: 'dns', kind: 'mx', name: `nothing.tau.${u.fqdn}`, server: seer })
    assert.match(mx.body, /ErrorFailedMXLookup/)
  })

  test('dns: a resolver at another port of this machine, in any spelling, is refused with a log line', async () => {
    const server = `[::ffff:127.0.0.1]:${httpPort(u)}`
    const own = await op({ op: 'dns', kind: 'txt', name: `hoarder.tau.${u.fqdn}`, server })
    assert.equal(own.status, 500)
    assert.match(own.body, /ErrorFailedTxTLookup/)
    const logs = await functionLogs(u, 'goextras')
    assert.ok(
      logs.some(l => l.line.includes(`refused resolver ${server}: ::ffff:127.0.0.1 is a loopback address`)),
      logs.map(l => l.line).join('\n')
    )
    assert.equal((await op({ op: 'gget', name: 'greeting' })).body, '[hello]', 'the function keeps serving')
  })

  test('crypto/rand fills a buffer with random bytes', async () => {
    const [a, b] = [(await op({ op: 'rand' })).body, (await op({ op: 'rand' })).body]
    assert.match(a, /^[0-9a-f]{32}$/)
    assert.match(b, /^[0-9a-f]{32}$/)
    assert.notEqual(a, b)
  })

  test('i2mv: bytes pass through a memory view and a fifo', async () => {
    assert.equal((await op({ op: 'i2mv', data: 'shared bytes' })).body, 'shared bytes|shared bytes')
  })
})
