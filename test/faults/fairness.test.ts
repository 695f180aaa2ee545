/**
 * A function flooded with looping calls cannot starve the others: each function holds at most its share of the
 * wasm workers and waiting calls are served in turn; a call's timeout counts its wait for a worker. A project
 * whose many functions all loop leaves a worker to another project, whose calls (a database read included) are
 * answered while the loops still run.
 */
import { test, describe, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { setTimeout as delay } from 'node:timers/promises'
import { FunctionBuilder } from '../../src/builder/index.js'
import { WasmRuntime, compileModule, type InvokeRequest, type WasmModule } from '../../src/vm/index.js'
import { silent } from '../../src/shared/log.js'
import type { HostReply } from '../../src/vm/host-calls.js'
import type { HostCall } from '../../src/vm/host-modules.js'
import { buildTestFunction, materialise, templateCode, tempDir } from '../vm/functions.js'

const MEM = 10_000_000
const modules = new Map<string, WasmModule>()

function req(name: string, timeoutMs: number, http: Partial<InvokeRequest['http']> = {}): InvokeRequest {
  const module = modules.get(name)
  assert.ok(module !== undefined, `module ${name} built`)
  return {
    key: `${name}@fair`,
    module,
    call: name === 'ping_pong' ? 'ping' : name,
    timeoutMs,
    memoryBytes: MEM,
    name,
    http: {
      method: 'GET',
      host: 'fair.localtau',
      path: '/',
      rawQuery: '',
      headers: {},
      userAgent: 'test',
      body: new Uint8Array(0),
      ...http
    }
  }
}

/** Polls until `ok()` holds; fails after `bound` ms (only reached if the runtime is broken). */
async function until(ok: () => boolean, bound = 10_000): Promise<void> {
  for (const end = Date.now() + bound; !ok(); ) {
    if (Date.now() > end) assert.fail('condition not reached')
    await delay(10)
  }
}

describe('fair share of wasm workers', { timeout: 90_000 }, () => {
  let tmp: Awaited<ReturnType<typeof tempDir>>
  before(async () => {
    const builder = new FunctionBuilder({ log: silent })
    builder.start()
    tmp = await tempDir()
    const loop = await materialise('loop', tmp.dir)
    const dirs = { ping_pong: templateCode('ping_pong'), echo: templateCode('echo'), loop }
    for (const [name, dir] of Object.entries(dirs)) {
      const { wasm } = await builder.build(dir)
      modules.set(name, await compileModule(wasm, MEM, name))
    }
    await builder.stop()
    modules.set('dbops', await compileModule(await buildTestFunction('dbops', tmp.dir), MEM, 'dbops'))
  })
  after(async () => {
    await tmp?.cleanup()
  })

  test('a 50 KB POST to one function is answered while 60 calls loop in another', async () => {
    const runtime = new WasmRuntime({ log: silent, workers: 2 })
    runtime.start()
    let loopsSettled = 0
    const loops = Array.from({ length: 60 }, async () => {
      await assert.rejects(runtime.invoke(req('loop', 60_000)), { code: 'RUNTIME_STOPPED' })
      loopsSettled++
    })
    try {
      await until(() => runtime.stats.busy >= 2)
      const body = new Uint8Array(50_000).fill(97)
      const echoed = await runtime.invoke(req('echo', 30_000, { method: 'POST', path: '/echo', body }))
      assert.equal(echoed.status, 200)
      assert.ok(Buffer.from(echoed.body).includes(Buffer.from(body)), 'the body came back')
      assert.equal(loopsSettled, 0, 'the POST was answered while every looping call still ran or waited')
    } finally {
      await runtime.stop()
      await Promise.all(loops)
    }
  })

  test("8 looping functions x 8 calls of one project leave a worker to another project's calls", async () => {
    const runtime = new WasmRuntime({ log: silent, workers: 2, maxWorkers: 8 })
    runtime.start()
    const ofProject = (project: string, r: InvokeRequest, key = r.key): InvokeRequest => ({
      ...r,
      key,
      scope: { project, function: key, hash: project }
    })
    let loopsSettled = 0
    const loops = Array.from({ length: 64 }, async (_, i) => {
      const looping = ofProject('looper', req('loop', 60_000), `loop${i % 8}@fair`)
      await assert.rejects(runtime.invoke(looping), { code: 'RUNTIME_STOPPED' })
      loopsSettled++
    })
    const answer = async (c: HostCall): Promise<HostReply> => {
      if (c.op === 'dbOpen')
        return { ok: true, db: { project: 'other', application: '', match: c.matcher, name: 's', size: 9 } }
      return c.op === 'dbGet' ? { ok: true, data: new TextEncoder().encode('value') } : { ok: true }
    }
    try {
      // The looping project holds every worker it may: all but one of the eight.
      await until(() => runtime.stats.busy >= 7)
      const read = {
        ...ofProject('other', req('dbops', 20_000, { path: '/dbops', rawQuery: 'db=store&op=get&key=k' })),
        call: 'dbops',
        host: answer
      }
      const [pong, value] = await Promise.all([
        runtime.invoke(ofProject('other', req('ping_pong', 20_000, { path: '/ping' }))),
        runtime.invoke(read)
      ])
      assert.equal(new TextDecoder().decode(pong.body), 'PONG')
      assert.equal(new TextDecoder().decode(value.body), 'value', 'the database read was answered')
      assert.equal(loopsSettled, 0, 'both were answered while every looping call still ran or waited')
      assert.equal(runtime.stats.busy, 7, 'the looping project still holds all but one worker')
    } finally {
      await runtime.stop()
      await Promise.all(loops)
    }
  })

  test('a call that waits past its timeout for a worker answers FUNCTION_TIMEOUT (504)', async () => {
    const runtime = new WasmRuntime({ log: silent, workers: 1, maxWorkers: 1 })
    runtime.start()
    let loopSettled = false
    const loop = runtime
      .invoke(req('loop', 10_000))
      .catch((err: unknown) => err)
      .finally(() => {
        loopSettled = true
      })
    try {
      await until(() => runtime.stats.busy === 1)
      await assert.rejects(runtime.invoke(req('ping_pong', 300)), (err: Error & { code?: string; status?: number }) => {
        assert.equal(err.code, 'FUNCTION_TIMEOUT')
        assert.equal(err.status, 504)
        return true
      })
      assert.equal(loopSettled, false, 'the waiting call timed out by itself, not after the loop')
      assert.equal(runtime.stats.queued, 0, 'it left the queue')
    } finally {
      await runtime.stop()
      await loop
    }
  })
})
