/**
 * Storages from functions, on real nodes: a Go function (test/data/functions/gostorage) adds, reads, versions,
 * lists and deletes files through go-sdk's `storage` package. The content is on the hoarders by content id and the
 * file index in a hoarder database, so a second substrate reads the same file; a storage's size is enforced, a
 * name matching no storage gets the SDK's error, and another project's storage is out of reach.
 */
import { describe, test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Console, FunctionView, ProjectView } from '../../src/console/console.js'
import { editRepo } from '../../src/console/workspace.js'
import { createUniverse, type Universe } from '../../src/index.js'
import { generateId } from '../../src/shared/ids.js'
import { consoleFor, functionLogs, hostRequest, httpPort, pushAllAndWait, setFunctionYaml } from '../helpers/serving.js'
import { uniqueName } from '../helpers/universe.js'
import { ROOT } from '../vm/functions.js'

describe('functions keep files in storages', { timeout: 900_000 }, () => {
  let root: string
  let u: Universe
  let c: Console
  let project: ProjectView
  let fn: FunctionView

  const op = async (q: Record<string, string>, port = httpPort(u)) =>
    await hostRequest(port, fn.fqdn, `${fn.path}?${new URLSearchParams({ st: 'files', ...q }).toString()}`, {
      timeoutMs: 30_000
    })

  before(async () => {
    root = await mkdtemp(join(tmpdir(), 'dream-st-'))
    u = createUniverse({ name: uniqueName('st'), root, keep: false, webhooks: false })
    await u.start()
    const console = await consoleFor(u)
    c = console.console
    const s = console.session
    project = await c.newProject('stp')
    fn = await c.newFunction('gostorage', { project: 'stp', template: 'counter', language: 'go', path: '/gostorage' })
    const goSource = await readFile(join(ROOT, 'test/data/functions/gostorage/gostorage.go'), 'utf8')
    await editRepo(project.code.url, s, 'gostorage: go-sdk storage operations', async dir => {
      await rm(join(dir, 'functions', 'gostorage', 'counter.go'))
      await writeFile(join(dir, 'functions', 'gostorage', 'gostorage.go'), goSource)
    })
    await setFunctionYaml(s, project, 'gostorage', y => {
      y.execution = { ...y.execution, call: 'gostorage' }
    })
    // `files` keeps versions and at most 64 bytes; `plain` keeps one version of each file.
    await editRepo(project.config.url, s, 'storages files and plain', async dir => {
      await mkdir(join(dir, 'storages'), { recursive: true })
      const files = `id: ${generateId(project.id, 'files')}\nmatch: files\nobject:\n  versioning: true\n  size: 64B\n`
      await writeFile(join(dir, 'storages', 'files.yaml'), files)
      const plain = `id: ${generateId(project.id, 'plain')}\nmatch: plain\nobject:\n  size: 1MB\n`
      await writeFile(join(dir, 'storages', 'plain.yaml'), plain)
    })
    // Another project with a storage `theirs`.
    const other = await c.newProject('other')
    await editRepo(other.config.url, s, 'storage theirs', async dir => {
      await mkdir(join(dir, 'storages'), { recursive: true })
      const yaml = `id: ${generateId(other.id, 'theirs')}\nmatch: theirs\nobject:\n  size: 1MB\n`
      await writeFile(join(dir, 'storages', 'theirs.yaml'), yaml)
    })
    await pushAllAndWait(u)
  })

  after(async () => {
    await u?.stop()
    await rm(root, { recursive: true, force: true })
  })

  test('a file is added in versions, read, listed and deleted', async () => {
    assert.equal((await op({ op: 'add', file: 'a.txt', data: 'one' })).body, '1')
    assert.equal((await op({ op: 'add', file: 'a.txt', data: 'two' })).body, '2')
    assert.equal((await op({ op: 'add', file: 'a.txt', data: 'TWO', overwrite: '1' })).body, '2')
    assert.equal((await op({ op: 'add', file: 'b.txt', data: 'bee' })).body, '1')
    assert.equal((await op({ op: 'get', file: 'a.txt' })).body, 'TWO')
    assert.equal((await op({ op: 'get', file: 'a.txt', version: '1' })).body, 'one')
    assert.equal((await op({ op: 'versions', file: 'a.txt' })).body, '1,2')
    assert.equal((await op({ op: 'current', file: 'a.txt' })).body, '2')
    assert.match((await op({ op: 'list' })).body, /^\{\d+ a\.txt 1\},\{\d+ a\.txt 2\},\{\d+ b\.txt 1\}$/)
    assert.equal((await op({ op: 'remaining' })).body, String(64 - 9))
    assert.equal((await op({ op: 'delete', file: 'a.txt', version: '2' })).body, 'ok')
    assert.equal((await op({ op: 'get', file: 'a.txt' })).body, 'one', 'the latest is version 1 again')
    assert.equal((await op({ op: 'deleteall', file: 'a.txt' })).body, 'ok')
    const gone = await op({ op: 'get', file: 'a.txt' })
    assert.equal(gone.status, 500)
    assert.match(gone.body, /Getting file: `a\.txt` failed with: ErrorStorageGetMetaFailed/)
  })

  test('a storage without versioning keeps one version and refuses a second add without overwrite', async () => {
    assert.equal((await op({ st: 'plain', op: 'add', file: 'p', data: 'first' })).body, '1')
    const again = await op({ st: 'plain', op: 'add', file: 'p', data: 'second' })
    assert.equal(again.status, 500)
    assert.match(again.body, /Adding file failed with error code: ErrorAddFileFailed/)
    assert.equal((await op({ st: 'plain', op: 'add', file: 'p', data: 'second', overwrite: '1' })).body, '1')
    assert.equal((await op({ st: 'plain', op: 'get', file: 'p' })).body, 'second')
  })

  test('an add beyond the storage size fails with the SDK error and a log line saying why', async () => {
    const big = await op({ op: 'add', file: 'big', data: 'x'.repeat(100) })
    assert.equal(big.status, 500)
    assert.match(big.body, /ErrorAddFileFailed/)
    const logs = await functionLogs(u, 'gostorage')
    assert.ok(
      logs.some(l => /limited to 64 bytes/.test(l.line)),
      logs.map(l => l.line).join('\n')
    )
    assert.match((await op({ op: 'get', file: 'big' })).body, /ErrorStorageGetMetaFailed/, 'nothing was written')
  })

  test("a name matching no storage, or another project's, gets the SDK error", async () => {
    for (const st of ['nope', 'theirs']) {
      const r = await op({ st, op: 'list' })
      assert.equal(r.status, 500)
      assert.match(r.body, new RegExp(`Failed to create storage: \`${st}\` with: ErrorDatabaseCreateFailed`))
      const got = await op({ st, open: 'get', op: 'list' })
      assert.match(got.body, /ErrorStorageNotFound/)
    }
    assert.equal((await op({ op: 'get', file: 'b.txt' })).body, 'bee', 'the function keeps serving')
  })

  test('a second substrate reads the same file', async () => {
    const [second] = await u.addService('substrate')
    const port = second?.ports.http
    assert.ok(port !== undefined)
    assert.equal((await op({ op: 'get', file: 'b.txt' }, port)).body, 'bee')
    assert.equal((await op({ op: 'add', file: 'b.txt', data: 'bee2' }, port)).body, '2')
    assert.equal((await op({ op: 'get', file: 'b.txt' })).body, 'bee2')
  })
})
