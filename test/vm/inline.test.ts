/**
 * Fuel metering and the inline fast path: metered modules stay valid and behave the same; a loop runs out of
 * fuel within its budget and sends the function to the worker pool for good; modules the walker does not
 * understand, or that import a blocking host function, are never run inline; idle instances are released.
 */
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { FunctionBuilder } from '../../src/builder/index.js'
import { InlineRunner, compileInline, meter, FUEL_EXPORT } from '../../src/vm/index.js'
import { silent } from '../../src/shared/log.js'
import { materialise, templateCode, tempDir } from './functions.js'

const MEM = 10_000_000
const builder = new FunctionBuilder({ log: silent })
const bytes = new Map<string, Uint8Array>()
let tmp: Awaited<ReturnType<typeof tempDir>>
const WA = (
  globalThis as unknown as {
    WebAssembly: {
      validate: (b: Uint8Array) => boolean
      Module: { exports: (m: unknown) => Array<{ name: string; kind: string }> }
    }
  }
).WebAssembly

const http = (
  o: { method?: string; path?: string; body?: string; rawQuery?: string } = {}
): Parameters<InlineRunner['run']>[3] => ({
  method: o.method ?? 'GET',
  host: 'h.localtau',
  path: o.path ?? '/ping',
  rawQuery: o.rawQuery ?? '',
  headers: { host: 'h.localtau' },
  userAgent: 't',
  body: new TextEncoder().encode(o.body ?? '')
})

before(async () => {
  builder.start()
  tmp = await tempDir()
  const dirs: Record<string, string> = {
    ping_pong: templateCode('ping_pong'),
    echo: templateCode('echo'),
    loop: await materialise('loop', tmp.dir)
  }
  for (const [name, dir] of Object.entries(dirs)) bytes.set(name, (await builder.build(dir)).wasm)
})

after(async () => {
  await builder.stop()
  await tmp.cleanup()
})

test('metered modules are valid and export the fuel global', () => {
  for (const [name, b] of bytes) {
    const m = meter(b, 1000)
    assert.ok(m !== undefined, `${name} metered`)
    assert.ok(WA.validate(m), `${name} still valid`)
  }
})

test('ping_pong and echo answer inline as in a worker', async () => {
  const runner = new InlineRunner()
  const ping = await compileInline(bytes.get('ping_pong') as Uint8Array, MEM)
  assert.ok(ping !== undefined)
  assert.ok(WA.Module.exports(ping).some(e => e.name === FUEL_EXPORT && e.kind === 'global'))
  for (let i = 0; i < 3; i++) {
    const r = runner.run('ping', ping, 'ping', http(), MEM)
    assert.equal(r?.status, 200)
    assert.equal(new TextDecoder().decode(r?.body), 'PONG')
  }
  const echo = await compileInline(bytes.get('echo') as Uint8Array, MEM)
  assert.ok(echo !== undefined)
  const r = runner.run('echo', echo, 'echo', http({ method: 'POST', path: '/echo', body: 'hi', rawQuery: 'a=1' }), MEM)
  const body = JSON.parse(new TextDecoder().decode(r?.body)) as {
    method: string
    body: string
    query: Record<string, string>
  }
  assert.equal(body.method, 'POST')
  assert.equal(body.body, 'hi')
  assert.deepEqual(body.query, { a: '1' })
})

test('a looping function runs out of fuel inline and is sent to the workers from then on', async () => {
  const runner = new InlineRunner()
  const loop = await compileInline(bytes.get('loop') as Uint8Array, MEM)
  assert.ok(loop !== undefined)
  assert.equal(runner.run('loop', loop, 'loop', http(), MEM), undefined, 'out of fuel: no result')
  assert.equal(runner.run('loop', loop, 'loop', http(), MEM), undefined, 'not tried inline again')
})

test('idle inline instances are released; the next call makes a new one, and a slow function stays slow', async () => {
  const runner = new InlineRunner()
  const ping = await compileInline(bytes.get('ping_pong') as Uint8Array, MEM)
  const loop = await compileInline(bytes.get('loop') as Uint8Array, MEM)
  assert.ok(ping !== undefined && loop !== undefined)
  assert.equal(runner.run('ping', ping, 'ping', http(), MEM)?.status, 200)
  assert.equal(runner.run('loop', loop, 'loop', http(), MEM), undefined)
  assert.equal(runner.instances, 1)
  runner.releaseIdle(60_000)
  assert.equal(runner.instances, 1, 'called just now: kept')
  runner.releaseIdle(0)
  assert.equal(runner.instances, 0)
  const again = runner.run('ping', ping, 'ping', http(), MEM)
  assert.equal(new TextDecoder().decode(again?.body), 'PONG')
  assert.equal(runner.instances, 1)
  assert.equal(runner.run('loop', loop, 'loop', http(), MEM), undefined, 'still sent to the workers')
})

test('modules with instructions the walker does not know, or blocking imports, are not run inline', async () => {
  // (module (func (drop (v128.const i32x4 0 0 0 0)))) uses SIMD (0xfd): left to the workers.
  const simd = Uint8Array.from([
    0,
    97,
    115,
    109,
    1,
    0,
    0,
    0,
    1,
    4,
    1,
    96,
    0,
    0,
    3,
    2,
    1,
    0,
    10,
    23,
    1,
    21,
    0,
    0xfd,
    12,
    ...new Array(16).fill(0),
    0x1a,
    0x0b
  ])
  assert.ok(WA.validate(simd))
  assert.equal(meter(simd, 10), undefined)
  // (module (import "env" "_sleep" (func (param i64)))): a call could block the caller's thread.
  const sleeper = Uint8Array.from([
    0, 97, 115, 109, 1, 0, 0, 0, 1, 5, 1, 96, 1, 126, 0, 2, 14, 1, 3, 101, 110, 118, 6, 95, 115, 108, 101, 101, 112, 0,
    0
  ])
  assert.ok(WA.validate(sleeper))
  assert.equal(await compileInline(sleeper, MEM), undefined)
})
