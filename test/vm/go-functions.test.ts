/**
 * Go functions built with the standard toolchain (WASI reactors) and run in the worker pool: the templates,
 * go-sdk's HTTP event API against dream's `taubyte/sdk` host functions, stdout to the log, and the limits
 * (timeout, memory cap, panics). One build per function directory, shared by every test of the file.
 */
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { join } from 'node:path'
import { FunctionBuilder } from '../../src/builder/index.js'
import {
  InlineRunner,
  WasmRuntime,
  compileInline,
  compileModule,
  type InvokeRequest,
  type WasmModule
} from '../../src/vm/index.js'
import { silent } from '../../src/shared/log.js'
import { ROOT, TEMPLATES } from './functions.js'

const MEM = 10_000_000 // 10MB, as the templates and the walkthrough
const builder = new FunctionBuilder({ log: silent })
const runtime = new WasmRuntime({ log: silent, workers: 2 })
const modules = new Map<string, WasmModule>()
let gosdkWasm: Uint8Array
const text = (b: Uint8Array): string => new TextDecoder().decode(b)

type Http = Partial<InvokeRequest['http']>

function req(module: string, call: string, over: Partial<InvokeRequest> = {}, http: Http = {}): InvokeRequest {
  const m = modules.get(module)
  assert.ok(m !== undefined, `module ${module} built`)
  return {
    key: `go-${module}@test`,
    module: m,
    call,
    timeoutMs: 10_000,
    memoryBytes: MEM,
    name: call,
    http: {
      method: 'GET',
      host: 'example.localtau',
      path: '/',
      rawQuery: '',
      headers: {},
      userAgent: 'test',
      body: new Uint8Array(0),
      ...http
    },
    ...over
  }
}

before(async () => {
  builder.start()
  runtime.start()
  const dirs = {
    ping_pong: join(TEMPLATES, 'ping_pong', 'go'),
    echo: join(TEMPLATES, 'echo', 'go'),
    gosdk: join(ROOT, 'test/data/functions/gosdk')
  }
  for (const [name, dir] of Object.entries(dirs)) {
    const { wasm } = await builder.build(dir)
    if (name === 'gosdk') gosdkWasm = wasm
    modules.set(name, await compileModule(wasm, MEM, name))
  }
  await builder.stop()
})

after(async () => {
  await runtime.stop()
})

test('the Go ping_pong template answers PONG, many times on its warm instance', async () => {
  for (let i = 0; i < 50; i++) {
    const r = await runtime.invoke(req('ping_pong', 'ping'))
    assert.equal(r.status, 200)
    assert.equal(text(r.body), 'PONG')
  }
})

test('the Go echo template returns method, path, query and body as JSON', async () => {
  const body = `${'x'.repeat(5000)} "quoted"`
  const http = { method: 'POST', path: '/echo', rawQuery: 'a=1&b=two%20words', body: new TextEncoder().encode(body) }
  const r = await runtime.invoke(req('echo', 'echo', {}, http))
  assert.equal(r.status, 200)
  assert.deepEqual(r.headers, [['Content-Type', 'application/json']])
  assert.deepEqual(JSON.parse(text(r.body)), { method: 'POST', path: '/echo', query: { a: '1', b: 'two words' }, body })
})

test('go-sdk reads method, host, path, user agent, query, headers and body; sets a header and the status', async () => {
  const r = await runtime.invoke(
    req(
      'gosdk',
      'http',
      {},
      {
        method: 'PUT',
        path: '/things',
        rawQuery: 'n=7&m=x',
        headers: { 'x-token': 'secret' },
        userAgent: 'ua/1',
        body: new TextEncoder().encode('payload')
      }
    )
  )
  assert.equal(r.status, 201)
  assert.deepEqual(r.headers, [['X-Answer', '42']])
  const want = 'method=PUT host=example.localtau path=/things ua=ua/1 n=7 token=secret keys=n,m body=payload'
  assert.equal(text(r.body), want)
})

test('a missing query parameter and header read as empty', async () => {
  const r = await runtime.invoke(req('gosdk', 'http'))
  assert.equal(r.status, 201)
  assert.match(text(r.body), / n= token= keys= body=$/)
})

test('a redirect answers 307 with Location', async () => {
  const r = await runtime.invoke(req('gosdk', 'redirect'))
  assert.equal(r.status, 307)
  assert.deepEqual(r.headers, [['Location', 'https://example.com/moved']])
})

test("stdout goes to the call's log", async () => {
  const r = await runtime.invoke(req('gosdk', 'logs'))
  assert.equal(text(r.body), 'OK')
  assert.deepEqual(r.logs, ['hello from go'])
})

test('a panic is FUNCTION_TRAP naming it, and the next call gets a fresh instance', async () => {
  await assert.rejects(runtime.invoke(req('gosdk', 'panics')), (err: unknown) => {
    assert.equal((err as { code?: string }).code, 'FUNCTION_TRAP')
    assert.match((err as Error).message, /panic: boom/)
    assert.match((err as Error).message, / in main\.panics$/) // the name section names the Go function
    return true
  })
  assert.equal(text((await runtime.invoke(req('gosdk', 'logs'))).body), 'OK')
})

test('a Go loop times out (FUNCTION_TIMEOUT) and the pool serves after', async () => {
  await assert.rejects(runtime.invoke(req('gosdk', 'loop', { timeoutMs: 300 })), { code: 'FUNCTION_TIMEOUT' })
  assert.equal(text((await runtime.invoke(req('ping_pong', 'ping'))).body), 'PONG')
})

test('a Go function over its memory cap fails with FUNCTION_MEMORY', async () => {
  await assert.rejects(runtime.invoke(req('gosdk', 'hog')), (err: unknown) => {
    assert.equal((err as { code?: string }).code, 'FUNCTION_MEMORY')
    assert.match((err as Error).message, /hog.*10000000/)
    return true
  })
  assert.equal(text((await runtime.invoke(req('gosdk', 'logs'))).body), 'OK')
})

test('Go runs inline too (fuel-metered, WASI that cannot block); a sleep sends the call to the pool', async () => {
  const inline = await compileInline(gosdkWasm, MEM)
  assert.ok(inline !== undefined, 'a Go module qualifies for inline calls')
  const runner = new InlineRunner()
  const http = { ...req('gosdk', 'http').http, rawQuery: 'n=3' }
  for (let i = 0; i < 20; i++) {
    const r = runner.run('gosdk-inline', inline, 'http', http, MEM)
    assert.ok(r !== undefined, `call ${i} ran inline`)
    assert.equal(r.status, 201)
    assert.match(text(r.body), / n=3 /)
  }
  assert.equal(runner.run('gosdk-sleeps', inline, 'sleeps', http, MEM), undefined)
  assert.equal(text((await runtime.invoke(req('gosdk', 'sleeps'))).body), 'slept')
})
