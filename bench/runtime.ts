/**
 * The builder and the wasm runtime on their own, in this process (no universe, no HTTP): what a fresh compiler
 * process costs against a warm one, and what one `WasmRuntime.invoke` of ping_pong costs, called one after another
 * and many at once. These figures used to be printed by test/builder and test/vm; tests now assert outcomes only.
 */
import { FunctionBuilder } from '../src/builder/index.js'
import { silent } from '../src/shared/log.js'
import { WasmRuntime, compileModule, type InvokeRequest, type WasmModule } from '../src/vm/index.js'
import { templateCode } from '../test/vm/functions.js'
import { since, type BenchContext, type Row } from './lib/section.js'

export const title = 'runtime: FunctionBuilder builds and WasmRuntime.invoke, in process'
export const order = 20

/** The templates' memory cap (10 MB). */
const MEM = 10_000_000
/** Calls per invoke measurement, after WARMUP calls that are not counted. */
const CALLS = 3000
const WARMUP = 200

function pingRequest(module: WasmModule): InvokeRequest {
  return {
    key: 'ping_pong@bench',
    module,
    call: 'ping',
    timeoutMs: 5000,
    memoryBytes: MEM,
    name: 'ping_pong',
    http: {
      method: 'GET',
      host: 'example.localtau',
      path: '/ping',
      rawQuery: '',
      headers: {},
      userAgent: 'bench',
      body: new Uint8Array(0)
    }
  }
}

/** A fresh builder's first build (the compiler process starts and compiles once), then a second, warm build. */
async function builds(): Promise<{ cold: number; warm: number; wasm: Uint8Array }> {
  const builder = new FunctionBuilder({ log: silent })
  builder.start()
  try {
    const t0 = performance.now()
    const first = await builder.build(templateCode('ping_pong'))
    const cold = since(t0)
    const t1 = performance.now()
    await builder.build(templateCode('echo'))
    return { cold, warm: since(t1), wasm: first.wasm }
  } finally {
    await builder.stop()
  }
}

export async function run(ctx: BenchContext): Promise<Row[]> {
  const cold: number[] = []
  const warm: number[] = []
  const serial: number[] = []
  const parallel: number[] = []
  const inWorker: number[] = []
  let wasm: Uint8Array | undefined
  for (let i = 0; i < ctx.runs; i++) {
    const b = await builds()
    cold.push(b.cold)
    warm.push(b.warm)
    wasm = b.wasm
    ctx.progress(`build ${i + 1}/${ctx.runs}: first ${b.cold.toFixed(0)} ms, second ${b.warm.toFixed(0)} ms`)
  }
  if (wasm === undefined) throw new Error('no build ran (--runs 0?)')

  const runtime = new WasmRuntime({ log: silent, workers: 2 })
  runtime.start()
  try {
    const req = pingRequest(await compileModule(wasm, MEM, 'ping_pong'))
    for (let i = 0; i < WARMUP; i++) await runtime.invoke(req)
    for (let i = 0; i < ctx.runs; i++) {
      let t0 = performance.now()
      for (let c = 0; c < CALLS; c++) await runtime.invoke(req)
      serial.push((since(t0) * 1000) / CALLS)
      t0 = performance.now()
      await Promise.all(Array.from({ length: CALLS }, async () => await runtime.invoke(req)))
      parallel.push((since(t0) * 1000) / CALLS)
      inWorker.push((await runtime.invoke(req)).durationMs * 1000)
      ctx.progress(`invoke ${i + 1}/${ctx.runs}: ${serial.at(-1)?.toFixed(1) ?? '?'} µs/call sequential`)
    }
  } finally {
    await runtime.stop()
  }

  return [
    { measure: 'first build of a fresh FunctionBuilder (ping_pong)', unit: 'ms', samples: cold },
    { measure: 'second build, same compiler process (echo)', unit: 'ms', samples: warm },
    { measure: `warm invoke of ping_pong, ${CALLS} one after another`, unit: 'µs', samples: serial },
    { measure: `warm invoke of ping_pong, ${CALLS} at once (per call)`, unit: 'µs', samples: parallel },
    { measure: 'time inside the worker for one call', unit: 'µs', samples: inWorker }
  ]
}
