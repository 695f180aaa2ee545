/**
 * What a host module is: a group of functions a guest imports (`taubyte/sdk` or `env`), declared once, in its own
 * file, with everything the runtime needs to know of it. host-modules.ts lists them; instance.ts links them,
 * inline.ts asks which may run on the caller's thread, src/builder/import-check.ts which imports exist, and the
 * substrate answers their host calls (src/services/substrate/host/function-host.ts). WASI preview 1 is no host module
 * of this kind: it is a whole wasm import module of its own (wasi.ts).
 */
import type { GuestMemory } from './guest-memory.js'
import type { HostCallBase, HostReply } from './host-calls.js'
import type { HttpEvent } from './http-event.js'
import type { P2PEvent } from './p2p-event.js'

export type HostFn = (...args: never[]) => unknown

/** Takes a function's message for `channel`; returns an errno (PublishFailed when it cannot be queued). */
export type PublishSink = (channel: string, data: Uint8Array) => number

/** A pub/sub event as the guest reads it: the message's channel and data. */
export interface PubsubMessage {
  channel: Uint8Array
  data: Uint8Array
}

/** What an instance gives a host module when it links it: its memory, its call's state, the node's answers. */
export interface HostLinkContext<C extends HostCallBase> {
  mem: GuestMemory
  /** The current call's log lines (swapped per call, so read each time). */
  readonly logs: string[]
  /** The current call's host epoch (see WasmRuntime.hostChanged); undefined outside a worker. */
  readonly hostEpoch: number | undefined
  /** Milliseconds left before the current call's deadline (0 where there is none). */
  remainingMs(): number
  /** Answers the module's host calls; undefined where nothing can (an instance on the caller's thread). */
  host: ((c: C) => HostReply) | undefined
  /** The node's version counters, in a worker (see host-versions.ts). */
  versions: Int32Array | undefined
  /** Where the guest's channel messages go (a worker's port); without it, publishing fails. */
  publish: PublishSink | undefined
  /** The HTTP, pub/sub or p2p event with this id, if the id is the running one. */
  event(id: number): HttpEvent | undefined
  message(id: number): PubsubMessage | undefined
  p2pEvent(id: number): P2PEvent | undefined
}

/** A module's functions as linked into one instance. */
interface LinkedHostModule {
  functions: Record<string, HostFn>
  /** Forgets what the call opened (handles, fetched values: ids are per call); run when each guest call ends. */
  reset?: () => void
}

/**
 * One host module. `C` is the host calls its functions ask the node (never when it asks nothing), `N` its name.
 */
export interface HostModule<C extends HostCallBase = never, N extends string = string> {
  /** What it is, e.g. `database`: the substrate's table of host parts is keyed by it. */
  name: N
  /** The wasm import module its functions are imported from. */
  module: 'taubyte/sdk' | 'env'
  /** Every import name `link` answers. */
  imports: readonly string[]
  /**
   * Which of its imports may run on the caller's thread (inline.ts): all (true), none (false: they wait on the
   * node or may block), or those listed. A module importing any other never runs inline.
   */
  inline: boolean | readonly string[]
  /** Each host call op its functions send, once: the substrate answers exactly these for this module. */
  calls: { readonly [Op in C['op']]: true }
  /**
   * Its functions for one instance. `linked`: the functions of the modules linked before it (host-modules.ts
   * order), for a name that several modules answer together (`getEventType`: each event kind answers its own ids
   * and hands the others to the module before it).
   */
  link(ctx: HostLinkContext<C>, linked: Readonly<Record<string, HostFn>>): LinkedHostModule
}

/** The host calls of a module. */
export type CallOf<M> = M extends HostModule<infer C, string> ? C : never

/** getEventType of the modules linked before: what answers the event kinds a module does not know. */
export function otherEventType(linked: Readonly<Record<string, HostFn>>): (id: number, typePtr: number) => unknown {
  const f = linked.getEventType as ((id: number, typePtr: number) => unknown) | undefined
  return f ?? (() => undefined)
}

/** Links a module whose functions keep what a call opened in `state`, which forgets it when each call ends. */
export function perCall<S extends { reset(): void }>(
  state: S,
  functions: (state: S) => Record<string, HostFn>
): LinkedHostModule {
  return { functions: functions(state), reset: () => state.reset() }
}
