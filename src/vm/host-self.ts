/**
 * The `taubyte/sdk` self functions (go-sdk `self`): the running function's id, project, application, commit and
 * branch, each a size-then-read pair as tau has them (the branch as the plain string go-sdk reads, where tau
 * writes a one-entry NUL-terminated list).
 * Which function a call runs is the node's to say (an instance's module may serve more than one commit), so the
 * first of these in a call asks it once over the host bridge (host-bridge.ts); a module importing them never
 * runs inline.
 */
import { Errno } from './errno.js'
import { encode, type GuestMemory, OutOfBounds } from './guest-memory.js'
import type { HostReply, SelfInfo } from './host-calls.js'
import { type HostModule, perCall } from './host-module.js'

/** The one call: which function the call runs (answered by the substrate from the function's record). */
export interface SelfCall {
  op: 'self'
}

interface SelfContext {
  mem: GuestMemory
  /** The current call's log lines (swapped per call, so read each time). */
  readonly logs: string[]
}

type Fn = (ptr: number) => number

class SelfValues {
  #info: SelfInfo | undefined

  /** Forgets the current call's answer: called when a guest call ends. */
  reset(): void {
    this.#info = undefined
  }

  imports(ctx: SelfContext, host: ((c: SelfCall) => HostReply) | undefined): Record<string, Fn> {
    const info = (): SelfInfo | undefined => {
      if (this.#info !== undefined) return this.#info
      const r = host?.({ op: 'self' }) ?? { ok: false, log: 'the function is not known to this instance' }
      if (r.ok && r.self !== undefined) this.#info = r.self
      else ctx.logs.push(`self: ${r.ok ? 'no answer' : r.log}`)
      return this.#info
    }
    const out: Record<string, Fn> = {}
    const pair = (name: string, value: (s: SelfInfo) => Uint8Array): void => {
      const run =
        (f: (v: Uint8Array, ptr: number) => void): Fn =>
        ptr => {
          const s = info()
          // tau always has these values; without the node's answer there is none to give.
          if (s === undefined) return Errno.ZeroSize
          try {
            f(value(s), ptr)
            return Errno.None
          } catch (err) {
            if (err instanceof OutOfBounds) return Errno.AddressOutOfMemory
            throw err
          }
        }
      out[`self${name}Size`] = run((v, ptr) => {
        ctx.mem.setU32(ptr, v.length)
      })
      out[`self${name}`] = run((v, ptr) => {
        ctx.mem.write(ptr, v)
      })
    }
    pair('Id', s => encode(s.id))
    pair('Project', s => encode(s.project))
    pair('Application', s => encode(s.application))
    pair('Commit', s => encode(s.commit))
    pair('Branch', s => encode(s.branch))
    return out
  }
}

/** Which function a call runs is the node's to say: a module importing any of these runs in a worker. */
export const selfModule: HostModule<SelfCall, 'self'> = {
  name: 'self',
  module: 'taubyte/sdk',
  imports: ['Application', 'Project', 'Id', 'Commit', 'Branch'].flatMap(n => [`self${n}`, `self${n}Size`]),
  inline: false,
  calls: { self: true },
  link: ctx => perCall(new SelfValues(), v => v.imports(ctx, ctx.host))
}
