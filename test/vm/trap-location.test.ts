import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { FunctionBuilder } from '../../src/builder/index.js'
import { WasmRuntime, compileModule, type InvokeRequest, type WasmModule } from '../../src/vm/index.js'
import { writeU32 } from '../../src/vm/leb.js'
import { silent } from '../../src/shared/log.js'
import { materialise, tempDir } from './functions.js'

const MEM = 10_000_000
const runtime = new WasmRuntime({ log: silent, workers: 1 })
let tmp: Awaited<ReturnType<typeof tempDir>>
let trap: WasmModule

function req(module: WasmModule, call: string, rawQuery = ''): InvokeRequest {
  const http = {
    method: 'GET',
    host: 'example.localtau',
    path: '/p',
    rawQuery,
    headers: {},
    userAgent: 'test',
    body: new Uint8Array(0)
  }
  return { key: `${call}@test`, module, call, timeoutMs: 5000, memoryBytes: MEM, name: call, http }
}

async function trapMessage(r: InvokeRequest): Promise<string> {
  try {
    await runtime.invoke(r)
  } catch (err) {
    assert.equal((err as { code?: string }).code, 'FUNCTION_TRAP')
    return (err as Error).message
  }
  assert.fail('the call did not trap')
}

before(async () => {
  runtime.start()
  tmp = await tempDir()
  // One build: the function's folder as it sits in a code repository, under functions/trap.
  const builder = new FunctionBuilder({ log: silent })
  builder.start()
  try {
    const { wasm } = await builder.build(await materialise('trap', tmp.dir), { sourcePrefix: 'functions/trap' })
    trap = await compileModule(wasm, MEM, 'trap')
  } finally {
    await builder.stop()
  }
})

after(async () => {
  await runtime.stop()
  await tmp.cleanup()
})

test('an out-of-bounds array read names the user line, not only ~lib/array.ts', async () => {
  const msg = await trapMessage(req(trap, 'trap', 'how=index'))
  assert.match(msg, /Index out of range/)
  assert.match(msg, / at functions\/trap\/trap\.ts:13:\d+$/) // `return a[i + 2];`
})

test('unreachable and abort in user code name their own lines', async () => {
  assert.match(await trapMessage(req(trap, 'trap', 'how=unreachable')), / at functions\/trap\/trap\.ts:8:\d+$/)
  const abort = await trapMessage(req(trap, 'trap'))
  assert.match(abort, /trap requested by \/p/)
  assert.match(abort, / at functions\/trap\/trap\.ts:15:\d+$/)
})

/** A module without a line table whose name section calls its functions `main.ping` and `runtime.panic`. */
function namedModule(): Uint8Array {
  const enc = new TextEncoder()
  const str = (s: string): number[] => [...writeU32(enc.encode(s).length), ...enc.encode(s)]
  const section = (id: number, body: number[]): number[] => [id, ...writeU32(body.length), ...body]
  const names = [2, ...writeU32(0), ...str('runtime.panic'), ...writeU32(1), ...str('main.ping')]
  return Uint8Array.from([
    0,
    0x61,
    0x73,
    0x6d,
    1,
    0,
    0,
    0,
    ...section(1, [2, 0x60, 0, 0, 0x60, 1, 0x7f, 0]), // types: () -> (), (i32) -> ()
    ...section(3, [2, 0, 1]), // function 0: type 0, function 1: type 1
    ...section(7, [1, ...str('ping'), 0, 1]), // export "ping" = function 1
    // bodies: runtime.panic = unreachable; main.ping = call 0
    ...section(10, [2, 3, 0, 0x00, 0x0b, 4, 0, 0x10, 0, 0x0b]),
    ...section(0, [...str('name'), ...section(1, names)])
  ])
}

test('without a line table, the name section names the function that trapped', async () => {
  const module = await compileModule(namedModule(), MEM, 'ping')
  assert.match(await trapMessage(req(module, 'ping')), /trapped: unreachable in main\.ping$/)
})
