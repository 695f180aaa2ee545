/**
 * The compiler command line every function is built with. Chosen so the module matches tau's host:
 * - imports only `taubyte/sdk` and `env._log`: `abort` goes to the SDK's handler (log + unreachable), so no
 *   `env.abort`; the SDK never uses Math.random/trace, so no `env.seed`/`env.trace`;
 * - exports `memory` (asc default) and the handler;
 * - `--exportStart _initialize`: top-level code runs when the host calls `_initialize` (tau's reactor
 *   convention), not inside `new WebAssembly.Instance`, where a host import could not yet see the memory;
 * - `--runtime incremental`: the GC frees per-call garbage, so a warm instance can be reused for thousands of
 *   calls without growing (stub never frees; minimal needs the host to call `__collect`). See README numbers.
 * - `--sourceMap`: the map (never shipped) becomes the line table that names a trap's file and line (source-map.ts);
 * - `-O3`: with ~0.3 s warm, builds are rare (one per push) and calls are many; -O3 -> smallest, fastest code here.
 */
const ENTRY_OUT = 'main.wasm'

export interface AscChoice {
  runtime: 'incremental' | 'minimal' | 'stub'
  optimize: string
}
export const DEFAULT_CHOICE: AscChoice = { runtime: 'incremental', optimize: '-O3' }

export function ascArgs(choice: AscChoice = DEFAULT_CHOICE): string[] {
  return [
    '--outFile',
    ENTRY_OUT,
    choice.optimize,
    '--runtime',
    choice.runtime,
    '--use',
    'abort=~lib/sdk/env/sdkAbort',
    '--exportStart',
    '_initialize',
    '--sourceMap',
    '--noColors'
  ]
}
