import { compileInline, compileModule, importsWasi, type WasmModule } from '../../../vm/index.js'

/**
 * A function's code, compiled for the worker pool and, when it qualifies, for inline calls (set later for Go
 * modules: see ModuleCache.get).
 */
export interface CompiledFunction {
  worker: WasmModule
  inline: WasmModule | undefined
}

export interface ModuleCacheOptions {
  /** The module's bytes by CID (a hoarder, which checks them against the CID). */
  fetch: (cid: string) => Promise<Uint8Array>
  /** Wasm bytes the cached modules may add up to; default 24 MiB (see ModuleCache). */
  maxBytes?: number
  /** Called with the key of each module evicted, so that whoever holds it can let it go. */
  onEvict?: (key: string) => void
}

interface Entry {
  compiled: Promise<CompiledFunction>
  bytes: number
  /** A Go module's inline variant, not compiled yet: started by the module's next request. */
  inlineLater?: () => void
}

/**
 * Compiled modules by (CID, memory cap): fetched, compiled once, and reused by every request; a new build has a
 * new CID and so a new entry. Bounded by the size of their wasm, least recently used out first; an evicted module
 * is compiled again on its next request. V8 compiles wasm lazily, but what a compiled module holds (its copy of
 * the bytes, decoded metadata, lazy-compile tables) still grows with its wasm: a 3.3 MB Go module costs the
 * process about 6.5 MB as the pool's module and 5.5 MB more with its inline variant (compiled only once it is
 * asked for again), an AssemblyScript module a few kilobytes. 24 MiB of wasm is 7 Go modules, 45–85 MB, which a
 * daemon of about 200 MB can hold within its 300 MB; 50 Go modules (165 MB of wasm, 325–600 MB compiled) fit no
 * cap that keeps that target, so with more functions than fit, the least recently used are compiled again.
 */
export class ModuleCache {
  readonly #fetch: (cid: string) => Promise<Uint8Array>
  readonly #maxBytes: number
  readonly #onEvict: (key: string) => void
  readonly #modules = new Map<string, Entry>()
  #bytes = 0
  #loads = 0
  #prepared = 0
  /** The largest module fetched so far: what `prepare` needs room for before it fetches one (of unknown size). */
  #largest = 0
  static readonly MAX = 256

  constructor(o: ModuleCacheOptions) {
    this.#fetch = o.fetch
    this.#maxBytes = o.maxBytes ?? 24 * 1024 * 1024
    this.#onEvict = o.onEvict ?? (() => {})
  }

  get size(): number {
    return this.#modules.size
  }

  /** Wasm bytes of the modules held (those still compiling count once fetched). */
  get bytes(): number {
    return this.#bytes
  }

  /** Modules fetched and compiled so far (each load of an evicted one counts again). */
  get loads(): number {
    return this.#loads
  }

  /** Modules compiled by `prepare`, before any request asked for them. */
  get prepared(): number {
    return this.#prepared
  }

  /** Whether `prepare` may add a module: room for one as large as the largest seen. */
  get hasRoom(): boolean {
    return this.#modules.size < ModuleCache.MAX && this.#bytes + this.#largest <= this.#maxBytes
  }

  async get(cid: string, memoryBytes: number, name: string): Promise<CompiledFunction> {
    const key = `${cid}:${memoryBytes}`
    const hit = this.#modules.get(key)
    if (hit !== undefined) {
      this.#modules.delete(key)
      this.#modules.set(key, hit) // most recently used last
      hit.inlineLater?.()
      return await hit.compiled
    }
    const entry = { bytes: 0 } as Entry
    entry.compiled = this.#load(key, entry, cid, memoryBytes, name)
    this.#add(key, entry)
    return await entry.compiled
  }

  /**
   * Fetches and compiles a module no request has asked for yet, only when it fits beside those held: it never
   * evicts one (a module in use is worth more than a guess), and it fetches nothing without room for a module as
   * large as the largest seen. False when it was held already or did not fit.
   */
  async prepare(cid: string, memoryBytes: number, name: string): Promise<boolean> {
    const key = `${cid}:${memoryBytes}`
    if (this.#modules.has(key) || !this.hasRoom) return false
    const bytes = await this.#fetched(cid)
    if (this.#modules.has(key) || this.#bytes + bytes.byteLength > this.#maxBytes) return false
    const entry: Entry = { bytes: bytes.byteLength, compiled: compile(bytes, memoryBytes, name) }
    if (importsWasi(bytes)) this.#inlineLater(entry, cid, memoryBytes)
    this.#bytes += entry.bytes
    this.#loads++
    this.#add(key, entry)
    await entry.compiled
    this.#prepared++
    return true
  }

  #add(key: string, entry: Entry): void {
    entry.compiled.catch(() => {
      if (this.#modules.get(key) === entry) this.#remove(key, entry)
    })
    this.#modules.set(key, entry)
    this.#evict(key)
  }

  async #load(key: string, entry: Entry, cid: string, memoryBytes: number, name: string): Promise<CompiledFunction> {
    const bytes = await this.#fetched(cid)
    this.#loads++
    if (this.#modules.get(key) === entry) {
      entry.bytes = bytes.byteLength
      this.#bytes += entry.bytes
      this.#evict(key)
    }
    if (importsWasi(bytes)) this.#inlineLater(entry, cid, memoryBytes)
    return await compile(bytes, memoryBytes, name)
  }

  /**
   * A Go module is served by the worker pool until its second request: metering megabytes of code takes its
   * inline variant 70–200 ms of this thread and about 1.7 bytes of memory per wasm byte, which a function
   * called once (one of many, after a push) should not cost. The bytes are fetched again then (not kept).
   */
  #inlineLater(entry: Entry, cid: string, memoryBytes: number): void {
    entry.inlineLater = () => {
      entry.inlineLater = undefined
      const start = async (): Promise<void> => {
        const compiled = await entry.compiled
        compiled.inline = await compileInline(await this.#fetch(cid), memoryBytes)
      }
      // Only a speed-up: the pool keeps serving the module when this fails.
      start().catch(() => {})
    }
  }

  async #fetched(cid: string): Promise<Uint8Array> {
    const bytes = await this.#fetch(cid)
    this.#largest = Math.max(this.#largest, bytes.byteLength)
    return bytes
  }

  /** Least recently used first, until within both bounds; `keep` (the module being added) stays. */
  #evict(keep: string): void {
    for (const [key, e] of this.#modules) {
      if (this.#modules.size <= ModuleCache.MAX && this.#bytes <= this.#maxBytes) return
      if (key === keep) continue
      this.#remove(key, e)
      this.#onEvict(key)
    }
  }

  #remove(key: string, e: Entry): void {
    this.#modules.delete(key)
    this.#bytes -= e.bytes
  }
}

async function compile(bytes: Uint8Array, memoryBytes: number, name: string): Promise<CompiledFunction> {
  if (!importsWasi(bytes)) {
    const [worker, inline] = await Promise.all([
      compileModule(bytes, memoryBytes, name),
      compileInline(bytes, memoryBytes)
    ])
    return { worker, inline }
  }
  // A Go module: its inline variant comes with its second request (ModuleCache.#inlineLater).
  return { worker: await compileModule(bytes, memoryBytes, name), inline: undefined }
}
