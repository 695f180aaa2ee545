import { capMemory, capPages, concat } from './memory-cap.js'
import { findOomSites, oomSection } from './oom-sites.js'
import { codeStartSection } from './trap-location.js'
import { wasm, type WasmModule } from './webassembly.js'

/**
 * Compiles a function's wasm once for the runtime: memory capped at ceil(memoryBytes / 64 KiB) pages and
 * out-of-memory trap sites recorded (see oom-sites.ts). Cache the result per function + commit + memory.
 */
export async function compileModule(bytes: Uint8Array, memoryBytes: number, name = 'module'): Promise<WasmModule> {
  const capped = capMemory(bytes, capPages(memoryBytes), name)
  return await wasm.compile(concat([capped, oomSection(findOomSites(capped)), codeStartSection(capped)]))
}
