import { compileInline, compileModule, importsWasi, type WasmModule } from '../../vm/index.js'
import type { HoarderClient } from '../hoarder/client.js'

/**
 * A function's code, compiled for the worker pool and, when it qualifies, for inline calls (set later for Go
 * modules: see ModuleCache.get).
 */
export interface CompiledFunction {
  worker: WasmModule
  inline: WasmModule | undefined
}

/**
 * Compiled modules by (CID, memory cap): fetched from a hoarder (which checks the bytes against the CID),
 * compiled once, and reused by every request; a new build has a new CID and so a new entry.
 */
export class ModuleCache {
  readonly #hoarder: HoarderClient
  readonly #modules = new Map<string, Promise<CompiledFunction>>()
  static readonly MAX = 256

  constructor(hoarder: HoarderClient) {
    this.#hoarder = hoarder
  }

  get size(): number {
    return this.#modules.size
  }

  async get(cid: string, memoryBytes: number, name: string): Promise<CompiledFunction> {
    const key = `${cid}:${memoryBytes}`
    let m = this.#modules.get(key)
    if (m === undefined) {
      m = (async () => {
        const bytes = await this.#hoarder.get(cid)
        if (!importsWasi(bytes)) {
          const [worker, inline] = await Promise.all([
            compileModule(bytes, memoryBytes, name),
            compileInline(bytes, memoryBytes)
          ])
          return { worker, inline }
        }
        // A Go module is megabytes: metering it takes tens of ms of this thread, which the first request should
        // not wait for. It is served by the pool until its inline module is ready, right after.
        const compiled: CompiledFunction = { worker: await compileModule(bytes, memoryBytes, name), inline: undefined }
        setImmediate(() => {
          compileInline(bytes, memoryBytes).then(
            inline => {
              compiled.inline = inline
            },
            () => {}
          )
        })
        return compiled
      })()
      m.catch(() => {
        this.#modules.delete(key)
      })
      if (this.#modules.size >= ModuleCache.MAX) this.#modules.delete(this.#modules.keys().next().value as string)
      this.#modules.set(key, m)
    }
    return await m
  }
}
