/**
 * The worker's bridge to the node for database calls (host-bridge.ts): a call waiting on an answer that never
 * comes still ends at its timeout, and its worker is replaced, so the next call is answered; a module importing
 * the database functions never runs inline; a worker keeps an open for its host epoch and a get while its
 * version holds. (The data path itself is tested on real nodes in
 * test/serving/database.test.ts.)
 */
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { silent } from '../../src/shared/log.js'
import { compileInline, compileModule, WasmRuntime, type InvokeRequest } from '../../src/vm/index.js'
import type { HostReply } from '../../src/vm/host-calls.js'
import type { HostCall } from '../../src/vm/host-modules.js'
import { buildTestFunction, tempDir } from './functions.js'

const MEM = 10_000_000
const runtime = new WasmRuntime({ log: silent, workers: 1, maxWorkers: 1 })
let tmp: Awaited<ReturnType<typeof tempDir>>
let bytes: Uint8Array
let request: (rawQuery: string, host: (c: HostCall) => Promise<HostReply>, timeoutMs: number) => InvokeRequest

before(async () => {
  runtime.start()
  tmp = await tempDir()
  bytes = await buildTestFunction('dbops', tmp.dir)
  const module = await compileModule(bytes, MEM, 'dbops')
  request = (rawQuery, host, timeoutMs) => ({
    key: 'dbops@test',
    module,
    call: 'dbops',
    timeoutMs,
    memoryBytes: MEM,
    name: 'dbops',
    host,
    http: { method: 'GET', host: 'x', path: '/dbops', rawQuery, headers: {}, userAgent: '', body: new Uint8Array(0) }
  })
})

after(async () => {
  await runtime.stop()
  await tmp.cleanup()
})

test('a call blocked on a host answer that never comes times out, and the next call is answered', async () => {
  const never = (): Promise<HostReply> => new Promise<HostReply>(() => {})
  await assert.rejects(runtime.invoke(request('db=store&op=get&key=k', never, 300)), { code: 'FUNCTION_TIMEOUT' })
  const seen: HostCall[] = []
  const answer = async (c: HostCall): Promise<HostReply> => {
    seen.push(c)
    if (c.op === 'dbOpen')
      return { ok: true, db: { project: 'p', application: '', match: c.matcher, name: 's', size: 9 } }
    return c.op === 'dbGet' ? { ok: true, data: new TextEncoder().encode('value') } : { ok: true }
  }
  const r = await runtime.invoke(request('db=store&op=get&key=k', answer, 5_000))
  assert.equal(new TextDecoder().decode(r.body), 'value')
  // The size call's value is read back by the read call: one trip to the node for a get.
  assert.deepEqual(
    seen.map(c => c.op),
    ['dbOpen', 'dbGet']
  )
})

test('a module importing database functions never runs inline', async () => {
  assert.equal(await compileInline(bytes, MEM), undefined)
})

test('a worker reads a kept answer again only while its version holds, and opens again after hostChanged', async () => {
  const slot = runtime.versions.take()
  assert.ok(slot !== undefined)
  let value = 'one'
  const seen: string[] = []
  const answer = async (c: HostCall): Promise<HostReply> => {
    seen.push(c.op)
    if (c.op === 'dbOpen')
      return { ok: true, db: { project: 'p', application: '', match: c.matcher, name: 's', size: 9 } }
    if (c.op !== 'dbGet') return { ok: true }
    return { ok: true, data: new TextEncoder().encode(value), version: runtime.versions.now(slot) }
  }
  const get = async (): Promise<string> =>
    new TextDecoder().decode((await runtime.invoke(request('db=kept&op=get&key=k', answer, 5_000))).body)
  assert.equal(await get(), 'one')
  assert.equal(await get(), 'one')
  assert.deepEqual(seen, ['dbOpen', 'dbGet'], 'the second call asked nothing')
  value = 'two'
  runtime.versions.changed(slot)
  assert.equal(await get(), 'two', 'a changed version is never served from what was kept')
  assert.deepEqual(seen, ['dbOpen', 'dbGet', 'dbGet'])
  runtime.hostChanged()
  assert.equal(await get(), 'two')
  assert.deepEqual(seen, ['dbOpen', 'dbGet', 'dbGet', 'dbOpen'], 'opened again after a change of the node')
  runtime.versions.release(slot)
  assert.equal(await get(), 'two')
  assert.equal(seen.at(-1), 'dbGet', 'a released slot no longer matches')
})
