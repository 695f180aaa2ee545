/**
 * `env` (tau: `_log`, `_ready`, `_sleep`; plus `abort`/`seed`/`trace` so modules built without the SDK's
 * abort handler still load). WASI preview 1 is in wasi.ts.
 */
import type { GuestMemory } from './guest-memory.js'
import type { HostModule } from './host-module.js'

/** Thrown by env.abort / proc_exit: a trap that carries the guest's message. */
export class GuestAbort extends Error {}

const sleeper = new Int32Array(new SharedArrayBuffer(4))

interface EnvContext {
  mem: GuestMemory
  readonly logs: string[]
}

function envImports(ctx: EnvContext): Record<string, (...a: never[]) => unknown> {
  return {
    _log: (ptr: number, len: number) => {
      ctx.logs.push(ctx.mem.string(ptr, len))
    },
    _ready: () => undefined,
    // A worker thread may block: the caller's timeout terminates it if the sleep outlives the call.
    _sleep: (ns: bigint) => {
      Atomics.wait(sleeper, 0, 0, Number(ns / 1_000_000n))
    },
    abort: (msg: number, file: number, line: number, col: number) => {
      throw new GuestAbort(`abort: ${ctx.mem.asString(msg)} at ${ctx.mem.asString(file)}:${line}:${col}`)
    },
    seed: () => Date.now() * Math.random(),
    trace: (msg: number, n: number, ...args: number[]) => {
      ctx.logs.push(`trace: ${ctx.mem.asString(msg)} ${args.slice(0, n).join(', ')}`)
    }
  }
}

/** A sleep blocks, so only logging, `_ready` and `abort` run on the caller's thread (inline.ts). */
export const envModule: HostModule<never, 'env'> = {
  name: 'env',
  module: 'env',
  imports: ['_log', '_ready', '_sleep', 'abort', 'seed', 'trace'],
  inline: ['_log', '_ready', 'abort'],
  calls: {},
  link: ctx => ({ functions: envImports(ctx) })
}
