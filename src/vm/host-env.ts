/**
 * `env` (tau: `_log`, `_ready`, `_sleep`; plus `abort`/`seed`/`trace` so modules built without the SDK's
 * abort handler still load) and a minimal `wasi_snapshot_preview1` (stdout/stderr to logs, clocks, random;
 * the rest answer ENOSYS).
 */
import { randomFillSync } from 'node:crypto'
import type { GuestMemory } from './guest-memory.js'

/** Thrown by env.abort / proc_exit: a trap that carries the guest's message. */
export class GuestAbort extends Error {}

const sleeper = new Int32Array(new SharedArrayBuffer(4))
const ENOSYS = 52

export interface EnvContext { mem: GuestMemory, logs: string[] }

export function envImports (ctx: EnvContext): Record<string, (...a: never[]) => unknown> {
  return {
    _log: (ptr: number, len: number) => { ctx.logs.push(ctx.mem.string(ptr, len)) },
    _ready: () => undefined,
    // A worker thread may block: the caller's timeout terminates it if the sleep outlives the call.
    _sleep: (ns: bigint) => { Atomics.wait(sleeper, 0, 0, Number(ns / 1_000_000n)) },
    abort: (msg: number, file: number, line: number, col: number) => {
      throw new GuestAbort(`abort: ${ctx.mem.asString(msg)} at ${ctx.mem.asString(file)}:${line}:${col}`)
    },
    seed: () => Date.now() * Math.random(),
    trace: (msg: number, n: number, ...args: number[]) => { ctx.logs.push(`trace: ${ctx.mem.asString(msg)} ${args.slice(0, n).join(', ')}`) }
  }
}

export function wasiImports (ctx: EnvContext, names: string[]): Record<string, (...a: never[]) => unknown> {
  const out: Record<string, (...a: never[]) => unknown> = {}
  for (const n of names) out[n] = () => ENOSYS
  const dv = (): DataView => new DataView(ctx.mem.bytes(0, 0).buffer)
  return {
    ...out,
    fd_write: (fd: number, iovs: number, count: number, nwritten: number) => {
      let text = ''
      let total = 0
      for (let i = 0; i < count; i++) {
        const ptr = dv().getUint32(iovs + i * 8, true)
        const len = dv().getUint32(iovs + i * 8 + 4, true)
        text += ctx.mem.string(ptr, len)
        total += len
      }
      if (fd === 1 || fd === 2) for (const line of text.split('\n')) if (line !== '') ctx.logs.push(line)
      ctx.mem.setU32(nwritten, total)
      return 0
    },
    proc_exit: (code: number) => { throw new GuestAbort(`proc_exit(${code})`) },
    random_get: (ptr: number, len: number) => { randomFillSync(ctx.mem.bytes(ptr, len)); return 0 },
    clock_time_get: (_id: number, _precision: bigint, out: number) => {
      dv().setBigUint64(out, BigInt(Date.now()) * 1_000_000n, true)
      return 0
    }
  }
}
