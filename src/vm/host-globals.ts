/**
 * The `taubyte/sdk` globals functions (go-sdk `globals/*`), with tau's names, signatures and errno results:
 * `getGlobalValueSize` / `getOrCreateGlobalValueSize(namePtr, nameLen, application, function, sizePtr)` then
 * `getGlobalValue(namePtr, nameLen, application, function, valuePtr)`, and `putGlobalValue(namePtr, nameLen,
 * application, function, valuePtr, valueLen, valueCap)`. `application` and `function` are 1 to scope the name to
 * the function's application or to the function itself. The values live in the project's global database on the
 * hoarders, so each is a host call answered by the node (host-bridge.ts) and a module importing one never runs
 * inline.
 */
import { Errno } from './errno.js'
import type { GuestMemory } from './guest-memory.js'
import { guarded, hostAsker } from './host-guard.js'
import type { HostReply } from './host-calls.js'
import { type HostModule, perCall } from './host-module.js'

/**
 * A global value of the function's project (answered by the substrate's FunctionGlobals): `application` and
 * `function` scope the name under the function's application and its own id, as go-sdk's `globals/scope` asks.
 * `create` stores an empty value when there is none.
 */
export type GlobalCall =
  | { op: 'globalGet'; name: string; application: boolean; function: boolean; create: boolean }
  | { op: 'globalPut'; name: string; application: boolean; function: boolean; data: Uint8Array }

type Fn = (...args: number[]) => number

export class GlobalValues {
  /** What the last size call fetched, read back by the following getGlobalValue without a second trip. */
  #last: { key: string; value: Uint8Array } | undefined

  /** Forgets the fetched value: called when a guest call ends. */
  reset(): void {
    this.#last = undefined
  }

  imports(ctx: { mem: GuestMemory; readonly logs: string[] }, host: ((c: GlobalCall) => HostReply) | undefined) {
    const ask = hostAsker<GlobalCall>(ctx, host, 'globals', 'globals are')
    const scoped = (namePtr: number, nameLen: number, app: number, fn: number) => {
      const name = ctx.mem.string(namePtr, nameLen)
      return { name, application: app === 1, function: fn === 1, key: `${app === 1}/${fn === 1}/${name}` }
    }
    const size = (create: boolean, failed: number): Fn =>
      guarded((namePtr, nameLen, app, fn, sizePtr) => {
        const { key, ...where } = scoped(namePtr, nameLen, app, fn)
        ctx.mem.check(sizePtr >>> 0, 4)
        const r = ask({ op: 'globalGet', ...where, create }, failed)
        if (!r.ok) return r.errno
        const value = r.data ?? new Uint8Array(0)
        this.#last = { key, value }
        ctx.mem.setU32(sizePtr, value.length)
        return Errno.None
      })
    const out: Record<string, Fn> = {
      getGlobalValueSize: size(false, Errno.DatabaseGetFailed),
      getOrCreateGlobalValueSize: size(true, Errno.DatabasePutFailed),
      getGlobalValue: guarded((namePtr, nameLen, app, fn, valuePtr) => {
        const { key, ...where } = scoped(namePtr, nameLen, app, fn)
        let value = this.#last?.key === key ? this.#last.value : undefined
        this.#last = undefined
        if (value === undefined) {
          const r = ask({ op: 'globalGet', ...where, create: false }, Errno.DatabaseGetFailed)
          // tau answers a failed read of the value itself with DatabaseGetFailed, a missing name included.
          if (!r.ok) return Errno.DatabaseGetFailed
          value = r.data ?? new Uint8Array(0)
        }
        ctx.mem.write(valuePtr, value)
        return Errno.None
      }),
      putGlobalValue: guarded((namePtr, nameLen, app, fn, valuePtr, valueLen) => {
        const { key: _, ...where } = scoped(namePtr, nameLen, app, fn)
        // A copy: the guest's memory is not ours to hand to another thread.
        const data = ctx.mem.bytes(valuePtr, valueLen).slice()
        this.#last = undefined
        // tau's errno for a put that fails.
        return ask({ op: 'globalPut', ...where, data }, Errno.DatabaseKeyNotFound).errno
      })
    }
    return out
  }
}

/** The values live on the hoarders: a module importing any of these runs in a worker. */
export const globalsModule: HostModule<GlobalCall, 'globals'> = {
  name: 'globals',
  module: 'taubyte/sdk',
  imports: ['getGlobalValueSize', 'getGlobalValue', 'getOrCreateGlobalValueSize', 'putGlobalValue'],
  inline: false,
  calls: { globalGet: true, globalPut: true },
  link: ctx => perCall(new GlobalValues(), v => v.imports(ctx, ctx.host))
}
