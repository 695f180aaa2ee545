/**
 * The fast path: a call of a quick function runs on the caller's own thread, in a fuel-metered instance (see
 * fuel.ts), skipping the worker round trip that otherwise dominates a request's cost. Only what is provably
 * bounded runs here: a metered module whose imports cannot block (what its host modules declare `inline`, see
 * host-modules.ts: the HTTP event functions, not the database, storage, HTTP client, self, globals, dns, p2p or
 * pub/sub ones, which ask the node; `env._log`/`_ready`/`abort`; and WASI, whose one blocking call, a sleep,
 * throws here), called with a fuel budget of a few milliseconds of loop iterations. A Go module's runtime
 * start-up (`_initialize`) takes about a tenth of that budget and a ping_pong call about a twentieth. A call that
 * runs out of fuel, traps or fails in any way is discarded (the ABI gives a call no effect beyond its buffered
 * response) and the function goes to the worker pool from then on, where the real timeout, memory and trap
 * handling apply.
 */
import { capMemory, capPages } from './memory-cap.js'
import { FUEL_EXPORT, meter } from './fuel.js'
import { providersOf } from './host-modules.js'
import { readImports } from './read-imports.js'
import { WarmInstance } from './instance.js'
import type { HttpRequestData, InvokeResult } from './types.js'
import { wasm, type WasmModule } from './webassembly.js'

/** Loop iterations a call may run inline (about 1–2 ms of wasm on this class of machine). */
const INLINE_FUEL = 500_000

/** The metered module of a function for inline calls, or undefined when it must always run in a worker. */
export async function compileInline(bytes: Uint8Array, memoryBytes: number): Promise<WasmModule | undefined> {
  if (!readImports(bytes).every(inlineImport)) return undefined
  const metered = meter(capMemory(bytes, capPages(memoryBytes)), INLINE_FUEL)
  if (metered === undefined) return undefined
  const m = await wasm.compile(metered)
  return m
}

/**
 * Whether every host module answering the import lets it run on the caller's thread (host-module.ts `inline`).
 * A `taubyte/sdk` name no module answers is a stub that returns NotImplemented; an unknown `env` one never loads.
 */
function inlineImport(i: { module: string; name: string }): boolean {
  if (i.module === 'wasi_snapshot_preview1') return true
  const providers = providersOf(i.module, i.name)
  if (providers.length === 0) return i.module === 'taubyte/sdk'
  return providers.every(m => m.inline === true || (m.inline !== false && m.inline.includes(i.name)))
}

/** True for modules that import WASI (Go's): megabytes to meter, so their inline module comes after a first call. */
export function importsWasi(bytes: Uint8Array): boolean {
  return readImports(bytes).some(i => i.module === 'wasi_snapshot_preview1')
}

interface Entry {
  instance?: WarmInstance
  fuel?: { value: number }
  slow: boolean
  /** performance.now() of the last call. */
  used: number
}

export class InlineRunner {
  readonly #entries = new Map<string, Entry>()
  static readonly MAX = 256

  /** Warm instances held. */
  get instances(): number {
    let n = 0
    for (const e of this.#entries.values()) if (e.instance !== undefined) n++
    return n
  }

  /**
   * Drops the instances not called for `idleMs` (a Go instance holds megabytes of linear memory, which wasm never
   * gives back; it goes with the next GC). The next call makes a new instance, which reruns its start-up.
   */
  releaseIdle(idleMs: number, now = performance.now()): void {
    for (const [key, e] of this.#entries) {
      if (now - e.used < idleMs) continue
      if (e.slow) e.instance = undefined
      else this.#entries.delete(key)
    }
  }

  /** Runs the call inline and returns its result, or undefined when it must run in a worker instead. */
  run(
    key: string,
    module: WasmModule,
    call: string,
    http: HttpRequestData,
    memoryBytes: number
  ): InvokeResult | undefined {
    let e = this.#entries.get(key)
    if (e === undefined) {
      if (this.#entries.size >= InlineRunner.MAX) this.#entries.delete(this.#entries.keys().next().value as string)
      e = { slow: false, used: 0 }
      this.#entries.set(key, e)
    }
    if (e.slow) return undefined
    const t0 = performance.now()
    e.used = t0
    try {
      if (e.instance === undefined) {
        e.instance = new WarmInstance(module, { mayBlock: false })
        e.fuel = e.instance.global(FUEL_EXPORT)
      }
      const inst = e.instance
      if (e.fuel === undefined || !inst.hasExport(call)) throw new Error('not callable inline')
      e.fuel.value = INLINE_FUEL
      const logs: string[] = []
      inst.logs = logs
      const r = inst.call(call, http)
      // As in the workers (and tau): an instance holding over 2/3 of its cap is not reused.
      const cap = capPages(memoryBytes) * 65536
      if (!inst.managesHeap && inst.memoryBytes > (cap * 2) / 3) e.instance = undefined
      return { status: r.status, headers: r.headers, body: r.body, logs, durationMs: performance.now() - t0 }
    } catch {
      e.instance = undefined
      e.slow = true
      return undefined
    }
  }
}
