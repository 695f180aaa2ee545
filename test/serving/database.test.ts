/**
 * Databases from functions, on real nodes: the `counter` template in AssemblyScript and Go (made by
 * `newFunction`, which also writes the database it opens), and test functions doing put/get/delete/list through
 * the AssemblyScript SDK (test/data/functions/dbops) and go-sdk (test/data/functions/godb). The data is on the
 * hoarders, so a second substrate sees it (soon after: each substrate answers from its replica) and a kept
 * universe comes back with it; a database's size is enforced,
 * a name matching no database gets the SDK's error, an application's function has its own databases and data, and
 * another project's counter does not see this one's; a hoarder that joins starts from the data it comes to own.
 */
import { describe, test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Console, FunctionView, ProjectView } from '../../src/console/console.js'
import type { ConsoleSession } from '../../src/console/session.js'
import { editRepo } from '../../src/console/workspace.js'
import { createUniverse, type Universe } from '../../src/index.js'
import { instanceId, rankFor } from '../../src/services/hoarder/protocol.js'
import { generateId } from '../../src/shared/ids.js'
import {
  addCustomFunction,
  consoleFor,
  functionLogs,
  hostRequest,
  httpPort,
  pushAllAndWait,
  setFunctionYaml
} from '../helpers/serving.js'
import { uniqueName, waitFor } from '../helpers/universe.js'
import { ROOT } from '../vm/functions.js'

describe('functions use databases kept by the hoarders', { timeout: 900_000 }, () => {
  let root: string
  let name: string
  let u: Universe
  let c: Console
  let s: ConsoleSession
  let project: ProjectView
  let counter: FunctionView
  let goCounter: FunctionView
  let dbops: FunctionView
  let godb: FunctionView
  let otherCounter: FunctionView

  const get = async (fn: FunctionView, path: string, port = httpPort(u)) =>
    await hostRequest(port, fn.fqdn, path, { timeoutMs: 30_000 })
  const op = (fn: FunctionView, q: Record<string, string>) =>
    get(fn, `${fn.path}?${new URLSearchParams({ db: 'store', ...q }).toString()}`)

  before(async () => {
    root = await mkdtemp(join(tmpdir(), 'dream-db-'))
    name = uniqueName('db')
    u = createUniverse({ name, root, keep: true, webhooks: false })
    await u.start()
    ;({ console: c, session: s } = await consoleFor(u))
    project = await c.newProject('dbp')
    counter = await c.newFunction('counter', { project: 'dbp', template: 'counter', language: 'assemblyscript' })
    goCounter = await c.newFunction('gocounter', {
      project: 'dbp',
      template: 'counter',
      language: 'go',
      path: '/gocounter'
    })
    dbops = await addCustomFunction(c, s, project, { name: 'dbops' })
    godb = await c.newFunction('godb', { project: 'dbp', template: 'counter', language: 'go', path: '/godb' })
    const goSource = await readFile(join(ROOT, 'test/data/functions/godb/godb.go'), 'utf8')
    await editRepo(project.code.url, s, 'godb: go-sdk database operations', async dir => {
      await rm(join(dir, 'functions', 'godb', 'counter.go'))
      await writeFile(join(dir, 'functions', 'godb', 'godb.go'), goSource)
    })
    await setFunctionYaml(s, project, 'godb', y => {
      y.execution = { ...y.execution, call: 'godb' }
    })
    // `store` holds at most 64 bytes of values.
    await editRepo(project.config.url, s, 'database store', async dir => {
      const yaml = `id: ${generateId(project.id, 'store')}\nmatch: store\nstorage:\n  size: 64B\n`
      await mkdir(join(dir, 'databases'), { recursive: true })
      await writeFile(join(dir, 'databases', 'store.yaml'), yaml)
      const bucketsId = generateId(project.id, 'buckets')
      const buckets = `id: ${bucketsId}\nmatch: ^bucket-\nuseRegex: true\nstorage: {size: 1MB}\n`
      await writeFile(join(dir, 'databases', 'buckets.yaml'), buckets)
    })
    // An application `shop` with a database `cart` and a function appdb (dbops' code, at /appdb).
    const dbopsSource = await readFile(join(ROOT, 'test/data/functions/dbops/dbops.ts'), 'utf8')
    await editRepo(project.config.url, s, 'application shop', async dir => {
      const app = join(dir, 'applications', 'shop')
      await mkdir(join(app, 'functions'), { recursive: true })
      await mkdir(join(app, 'databases'), { recursive: true })
      await writeFile(join(app, 'config.yaml'), `id: ${generateId(project.id, 'shop')}\ndescription: shop\n`)
      await writeFile(
        join(app, 'databases', 'cart.yaml'),
        `id: ${generateId(project.id, 'cart')}\nmatch: cart\nstorage:\n  size: 1MB\n`
      )
      const fnYaml = (await readFile(join(dir, 'functions', 'dbops.yaml'), 'utf8'))
        .replace(/^id: .*$/m, `id: ${generateId(project.id, 'appdb')}`)
        .replaceAll('/dbops', '/appdb')
      await writeFile(join(app, 'functions', 'appdb.yaml'), fnYaml)
    })
    await editRepo(project.code.url, s, 'application shop: appdb', async dir => {
      await cp(join(dir, 'functions', 'dbops'), join(dir, 'shop', 'functions', 'appdb'), { recursive: true })
      await rm(join(dir, 'shop', 'functions', 'appdb', 'dbops.ts'))
      await writeFile(join(dir, 'shop', 'functions', 'appdb', 'appdb.ts'), dbopsSource)
    })
    // A second project with its own counter database of the same name.
    await c.newProject('other')
    otherCounter = await c.newFunction('counter', { project: 'other', template: 'counter', language: 'assemblyscript' })
    await pushAllAndWait(u)
  })

  after(async () => {
    await u?.stop()
    await rm(root, { recursive: true, force: true })
  })

  test('the counter template counts in its database, in AssemblyScript and Go alike', async () => {
    assert.equal((await get(counter, '/counter')).body, '1')
    assert.equal((await get(goCounter, '/gocounter')).body, '2', 'both open the database "counter" of dbp')
    assert.equal((await get(counter, '/counter')).body, '3')
  })

  test('AssemblyScript and Go functions put, get, delete and list keys', async () => {
    assert.equal((await op(dbops, { op: 'put', key: 'k/a', value: 'A' })).body, 'ok')
    assert.equal((await op(godb, { op: 'put', key: 'k/b', value: 'B' })).body, 'ok')
    assert.equal((await op(godb, { op: 'get', key: 'k/a' })).body, 'A')
    assert.equal((await op(dbops, { op: 'get', key: 'k/b' })).body, 'B')
    assert.equal((await op(dbops, { op: 'list', prefix: 'k/' })).body, 'k/a,k/b')
    assert.equal((await op(godb, { op: 'list', prefix: 'k/' })).body, 'k/a,k/b')
    assert.equal((await op(godb, { op: 'delete', key: 'k/a' })).body, 'ok')
    const gone = await op(dbops, { op: 'get', key: 'k/a' })
    assert.equal(gone.status, 500)
    assert.match(gone.body, /ErrorDatabaseKeyNotFound/)
    assert.equal((await op(dbops, { op: 'list', prefix: 'k/' })).body, 'k/b')
    assert.equal((await op(dbops, { op: 'delete', key: 'k/b' })).body, 'ok')
    assert.equal((await op(godb, { op: 'list', prefix: '' })).body, '')
  })

  test('a put beyond the database size fails with the SDK error and a log line saying why', async () => {
    assert.equal((await op(dbops, { op: 'put', key: 'small', value: 'x'.repeat(60) })).body, 'ok')
    const big = await op(dbops, { op: 'put', key: 'more', value: 'x'.repeat(10) })
    assert.equal(big.status, 500)
    assert.match(big.body, /Database Put failed with: ErrorDatabasePutFailed/)
    const logs = await functionLogs(u, 'dbops')
    assert.ok(
      logs.some(l => /limited to 64 bytes/.test(l.line)),
      logs.map(l => l.line).join('\n')
    )
    // Replacing a value counts the new size, not both.
    assert.equal((await op(dbops, { op: 'put', key: 'small', value: 'y'.repeat(64) })).body, 'ok')
    assert.equal((await op(dbops, { op: 'delete', key: 'small' })).body, 'ok')
  })

  test('a name matching no database gets the SDK error, and the function keeps serving', async () => {
    for (const fn of [dbops, godb]) {
      const r = await op(fn, { db: 'nope', op: 'get', key: 'x' })
      assert.equal(r.status, 500)
      assert.match(r.body, /Failed creating new database with: ErrorDatabaseCreateFailed/)
    }
    assert.equal((await op(dbops, { op: 'list', prefix: '' })).body, '')
  })

  test("an application's function reaches its databases and the project's, in the application's data", async () => {
    const appdb = { ...dbops, path: '/appdb' }
    assert.equal((await op(appdb, { db: 'cart', op: 'put', key: 'item', value: 'tea' })).body, 'ok')
    assert.equal((await op(appdb, { db: 'cart', op: 'get', key: 'item' })).body, 'tea')
    const outside = await op(dbops, { db: 'cart', op: 'get', key: 'item' })
    assert.match(outside.body, /ErrorDatabaseCreateFailed/, "a project function does not see the application's")
    // tau keys a database's data by project, application and name: the same resource, another instance.
    assert.equal((await op(dbops, { op: 'put', key: 'scope', value: 'project' })).body, 'ok')
    assert.match((await op(appdb, { op: 'get', key: 'scope' })).body, /ErrorDatabaseKeyNotFound/)
    assert.equal((await op(appdb, { op: 'put', key: 'scope', value: 'shop' })).body, 'ok')
    assert.equal((await op(dbops, { op: 'get', key: 'scope' })).body, 'project')
    assert.equal((await op(dbops, { op: 'delete', key: 'scope' })).body, 'ok')
  })

  test('another project has its own database of the same name', async () => {
    assert.equal((await get(otherCounter, '/counter')).body, '1')
    assert.equal((await get(counter, '/counter')).body, '4')
  })

  test('a second substrate sees the same data', async () => {
    const [second] = await u.addService('substrate')
    const port = second?.ports.http
    assert.ok(port !== undefined)
    assert.equal((await get(counter, '/counter', port)).body, '5')
    // The first substrate answers from its replica, which the owning hoarder brings up to date soon after.
    await waitFor('the first substrate to see the count of the second', async () => {
      return (await op(dbops, { db: 'counter', op: 'get', key: 'count' })).body === '5'
    })
    assert.equal((await get(goCounter, '/gocounter')).body, '6')
  })

  test('a hoarder that joins takes over the databases it comes to own with their data, and leaves them', async () => {
    // Each bucket-N is its own instance (one regex resource, many matchers), all on the one hoarder for now.
    const buckets = Array.from({ length: 20 }, (_, n) => `bucket-${n}`)
    for (const b of buckets) assert.equal((await op(dbops, { db: b, op: 'put', key: 'k', value: b })).body, 'ok')
    const [joined] = await u.addService('hoarder')
    assert.ok(joined !== undefined)
    const owned = buckets.find(
      b =>
        rankFor(instanceId({ project: project.id, application: '', match: b }), u.directory.byRole('hoarder'))[0]
          ?.peerId === joined.peerId
    )
    assert.ok(owned !== undefined, 'the new hoarder owns one of 20 buckets')
    assert.equal((await op(godb, { db: owned, op: 'get', key: 'k' })).body, owned, 'its owner started from the data')
    assert.equal((await op(dbops, { db: owned, op: 'put', key: 'k2', value: 'after' })).body, 'ok')
    await u.kill('hoarder') // the one that joined: the first has every write, copied to it by the owner
    assert.equal((await op(godb, { db: owned, op: 'get', key: 'k2' })).body, 'after')
    assert.equal((await op(dbops, { db: owned, op: 'list', prefix: 'k' })).body, 'k,k2')
  })

  test('a kept universe comes back with its data', async () => {
    await u.stop()
    u = createUniverse({ name, root, keep: true, webhooks: false })
    await u.start()
    assert.equal((await get(counter, '/counter')).body, '7')
  })
})
