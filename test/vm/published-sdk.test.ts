/**
 * AssemblyScript written against the published taubyte AssemblyScript SDK (its classes, helpers and module paths)
 * builds unchanged and runs; an import only a JavaScript host has fails the build, naming it.
 */
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { FunctionBuilder } from '../../src/builder/index.js'
import { WasmRuntime, compileModule, type InvokeRequest, type WasmModule } from '../../src/vm/index.js'
import { silent } from '../../src/shared/log.js'
import { materialise, tempDir } from './functions.js'

const MEM = 10_000_000
const builder = new FunctionBuilder({ log: silent })
const runtime = new WasmRuntime({ log: silent, workers: 1 })
let tmp: Awaited<ReturnType<typeof tempDir>>
let module: WasmModule
const text = (b: Uint8Array): string => new TextDecoder().decode(b)

function req(call: string): InvokeRequest {
  return {
    key: 'published_sdk@test',
    module,
    call,
    timeoutMs: 5000,
    memoryBytes: MEM,
    name: call,
    http: {
      method: 'GET',
      host: 'h.localtau',
      path: '/',
      rawQuery: '',
      headers: {},
      userAgent: 't',
      body: new Uint8Array(0)
    }
  }
}

before(async () => {
  builder.start()
  runtime.start()
  tmp = await tempDir()
  const { wasm } = await builder.build(await materialise('published_sdk', tmp.dir))
  module = await compileModule(wasm, MEM, 'published_sdk')
})
after(async () => {
  await builder.stop()
  await runtime.stop()
  await tmp.cleanup()
})

test('new Event(e), EventType, StringHelper, U32.send/log, Return<number>, errorString: as published', async () => {
  const r = await runtime.invoke(req('published'))
  assert.equal(r.status, 200)
  assert.match(text(r.body), /^event (\d+)=\1 EventTypeHttp EventTypeHttp len 6 ErrorBufferTooSmall$/)
  assert.equal(r.logs.length, 2)
  assert.equal(r.logs[0], 'cell at ptr')
  assert.match(r.logs[1] as string, /^\d+$/)
})

test('a handler taking (e: Event) gets the event type', async () => {
  assert.equal(text((await runtime.invoke(req('typed'))).body), 'EventTypeHttp')
})

test('console.log fails the build with BUILD_UNSUPPORTED_IMPORT naming env.console.log', async () => {
  const dir = await materialise('console_log', tmp.dir)
  await assert.rejects(builder.build(dir, { label: 'functions/console_log' }), (err: unknown) => {
    assert.equal((err as { code?: string }).code, 'BUILD_UNSUPPORTED_IMPORT')
    const msg = (err as Error).message
    assert.match(msg, /^functions\/console_log imports env\.console\.log \(AssemblyScript's console\.log\)/)
    return true
  })
})
