import { compileInline, compileModule, type WasmModule } from '../../vm/index.js'
import type { HoarderClient } from '../hoarder/client.js'

/** A function's code, compiled for the worker pool and, when it qualifies, for inline calls. */
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
        const [worker, inline] = await Promise.all([
          compileModule(bytes, memoryBytes, name),
          compileInline(bytes, memoryBytes)
        ])
        return { worker, inline }
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
