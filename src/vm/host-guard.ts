/**
 * What every `taubyte/sdk` host function that reaches the node shares: a guest pointer outside its memory is the
 * SDK's AddressOutOfMemory (not a trap), and a host call that fails is logged in the function's log under its
 * subject and answered with the errno the node gave, or the function's own failure errno.
 */
import { Errno } from './errno.js'
import { OutOfBounds } from './guest-memory.js'
import type { HostCallBase, HostReply } from './host-calls.js'

type HostFn = (...args: number[]) => number

/** Any arity: a guest passes every parameter its import declares (storage's take up to eight). */
export function guarded(f: (...args: number[]) => number): HostFn {
  return (...args: number[]) => {
    try {
      return f(...args)
    } catch (err) {
      if (err instanceof OutOfBounds) return Errno.AddressOutOfMemory
      throw err
    }
  }
}

export type HostAsk<C extends HostCallBase> = (c: C, failed: number) => HostReply & { errno: number }

/** `host` is undefined where nothing can answer (an instance on the main thread). */
export function hostAsker<C extends HostCallBase>(
  ctx: { logs: string[] },
  host: ((c: C) => HostReply) | undefined,
  subject: string,
  unreachable: string
): HostAsk<C> {
  return (c, failed) => {
    const r: HostReply = host?.(c) ?? { ok: false, log: `${unreachable} not reachable from this instance` }
    if (r.ok) return { ...r, errno: Errno.None }
    ctx.logs.push(`${subject}: ${r.log}`)
    return { ...r, errno: r.errno ?? failed }
  }
}
