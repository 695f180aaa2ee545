/**
 * Typed access to the runtime's WebAssembly global. The project compiles with `lib: ES2023` and node types
 * only, which declare no `WebAssembly`; declaring it globally here could clash with another folder's
 * declaration, so this module exposes the subset dream uses under its own names.
 */
export interface WasmModule {
  readonly __wasmModule?: never
}
export interface WasmMemory {
  readonly buffer: ArrayBuffer
  grow(pages: number): number
}
export interface WasmInstance {
  readonly exports: Record<string, unknown>
}
interface WasmImportDescriptor {
  module: string
  name: string
  kind: 'function' | 'table' | 'memory' | 'global' | 'tag'
}
interface WasmExportDescriptor {
  name: string
  kind: 'function' | 'table' | 'memory' | 'global' | 'tag'
}
export type WasmImports = Record<string, Record<string, unknown>>

interface WebAssemblyApi {
  validate(bytes: Uint8Array): boolean
  compile(bytes: Uint8Array): Promise<WasmModule>
  Module: {
    new (bytes: Uint8Array): WasmModule
    imports(m: WasmModule): WasmImportDescriptor[]
    exports(m: WasmModule): WasmExportDescriptor[]
    customSections(m: WasmModule, name: string): ArrayBuffer[]
  }
  Instance: new (m: WasmModule, imports: WasmImports) => WasmInstance
  Memory: new (d: { initial: number; maximum?: number }) => WasmMemory
  RuntimeError: new (message?: string) => Error
}

export const wasm = (globalThis as unknown as { WebAssembly: WebAssemblyApi }).WebAssembly

export function isRuntimeError(err: unknown): err is Error {
  return err instanceof wasm.RuntimeError
}
