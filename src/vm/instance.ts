/**
 * A warm instance of one module inside a worker: host imports bound to this instance's memory, events
 * numbered from 0 per instance (as tau does). Reused across calls until it traps or grows past 2/3 of its
 * cap (tau discards such instances instead of pooling them).
 */
import { Errno } from './errno.js'
import { EventSlot } from './event-slot.js'
import { encode, GuestMemory } from './guest-memory.js'
import type { HostReply } from './host-calls.js'
import type { HostFn, HostLinkContext, PublishSink, PubsubMessage } from './host-module.js'
import { HOST_MODULES, type HostCall } from './host-modules.js'
import { HttpEvent } from './http-event.js'
import { type P2PEvent, type P2PEventData, p2pEvent } from './p2p-event.js'
import type { PubsubEventData } from './pubsub-sdk.js'
import { wasiImports } from './wasi.js'
import type { CallScope, HttpRequestData } from './types.js'
import { wasm, type WasmImports, type WasmInstance, type WasmMemory, type WasmModule } from './webassembly.js'

const ENV_NAMES = HOST_MODULES.flatMap(m => (m.module === 'env' ? m.imports : []))

export class UnsupportedImport extends Error {}

export class WarmInstance {
  readonly #instance: WasmInstance
  readonly #mem = new GuestMemory()
  readonly #events = new EventSlot<HttpEvent>()
  /** The pub/sub event under way: the message's channel and data as the guest reads them. */
  readonly #messages = new EventSlot<PubsubMessage>()
  /** The p2p event under way (see p2p-event.ts). */
  readonly #p2pEvents = new EventSlot<P2PEvent>()
  #nextEvent = 0
  readonly #flushOutput: () => void = () => {}
  /** What the linked host modules forget when a call ends (handles, commands, fetched values: ids are per call). */
  readonly #resets: Array<() => void> = []
  logs: string[] = []
  /** The running call's scope (see CallScope), set per call like `logs`. */
  scope: CallScope | undefined
  /** The running call's host epoch (InvokeMessage.hostEpoch); undefined outside a worker. */
  hostEpoch: number | undefined

  /**
   * `mayBlock: false` on the caller's own thread: a guest sleep then throws (wasi.ts) instead of blocking it.
   * `host` answers the calls that need the node (databases, HTTP client, self); without it they fail with the
   * SDK's errors. `deadline` says when the current call ends (Date.now() clock), which bounds its HTTP requests.
   * `publish`: where the guest's channel messages go (a worker's port); without it, publishing fails.
   */
  constructor(
    module: WasmModule,
    o: {
      mayBlock: boolean
      host?: (c: HostCall) => HostReply
      deadline?: () => number
      publish?: PublishSink
      /** The node's version counters, in a worker (see host-versions.ts). */
      versions?: Int32Array
    } = { mayBlock: true }
  ) {
    const self = this // `logs` is swapped per call, so the context reads it through the instance
    const ctx: HostLinkContext<HostCall> = {
      mem: this.#mem,
      get logs() {
        return self.logs
      },
      get hostEpoch() {
        return self.hostEpoch
      },
      remainingMs: () => (o.deadline === undefined ? 0 : o.deadline() - Date.now()),
      host: o.host,
      versions: o.versions,
      publish: o.publish,
      event: id => self.#events.get(id),
      message: id => self.#messages.get(id),
      p2pEvent: id => self.#p2pEvents.get(id)
    }
    const wanted = wasm.Module.imports(module)
    const names = new Set(wanted.map(i => `${i.module}.${i.name}`))
    const sdk: Record<string, HostFn> = {}
    const env: Record<string, HostFn> = {}
    const linked = { 'taubyte/sdk': sdk, env }
    // Each host module the guest imports from, in host-modules.ts order (see there).
    for (const m of HOST_MODULES) {
      if (!m.imports.some(n => names.has(`${m.module}.${n}`))) continue
      const l = m.link(ctx, linked[m.module])
      Object.assign(linked[m.module], l.functions)
      if (l.reset !== undefined) this.#resets.push(l.reset)
    }
    const imports: WasmImports = { 'taubyte/sdk': {}, env: {} }
    const wasiNames = wanted.filter(i => i.module === 'wasi_snapshot_preview1').map(i => i.name)
    this.managesHeap = wasiNames.length > 0
    if (wasiNames.length > 0) {
      const wasi = wasiImports(ctx, wasiNames, o)
      imports.wasi_snapshot_preview1 = wasi.imports
      this.#flushOutput = wasi.flush
    }
    for (const i of wanted) {
      const mod = imports[i.module]
      if (mod === undefined)
        throw new UnsupportedImport(`imports module "${i.module}" (${i.name}), which dream does not provide`)
      if (i.module === 'taubyte/sdk') mod[i.name] = sdk[i.name] ?? (() => Errno.NotImplemented)
      else if (i.module === 'env' && i.kind === 'function') {
        const f = env[i.name]
        if (f === undefined)
          throw new UnsupportedImport(
            `imports env.${i.name}, which the host does not provide (only ${ENV_NAMES.join(', ')})`
          )
        mod[i.name] = f
      }
    }
    this.#instance = new wasm.Instance(module, imports)
    this.#mem.memory = this.#instance.exports.memory as WasmMemory | undefined
    // Reactor (`_initialize`) or command (`_start`) setup runs once, before the first event.
    const init = this.#instance.exports._initialize ?? this.#instance.exports._start
    if (typeof init === 'function') init()
  }

  get memoryBytes(): number {
    return this.#mem.memory?.buffer.byteLength ?? 0
  }

  /**
   * True for a module whose runtime manages its heap (Go's, a WASI module): it grows its memory to a steady size
   * (about 8 MB for ping_pong) and collects garbage inside it, so a large memory is no sign of a leak and the
   * instance is kept (recreating it would rerun the runtime's start-up); at the cap it fails with out of memory.
   */
  readonly managesHeap: boolean

  hasExport(name: string): boolean {
    return typeof this.#instance.exports[name] === 'function'
  }

  /** An exported global (e.g. the fuel meter), or undefined. */
  global(name: string): { value: number } | undefined {
    const g = this.#instance.exports[name] as { value?: unknown } | undefined
    return typeof g?.value === 'number' ? (g as { value: number }) : undefined
  }

  /** Runs one HTTP event through `exports[call](eventId)`; the return value is ignored, as tau ignores it. */
  call(
    call: string,
    req: HttpRequestData,
    pubsub?: PubsubEventData,
    p2p?: P2PEventData
  ): ReturnType<HttpEvent['result']> {
    if (pubsub !== undefined) return this.#callPubsub(call, pubsub)
    if (p2p !== undefined) return this.#callP2P(call, p2p)
    const e = new HttpEvent(this.#nextEvent++ >>> 0, req)
    this.#events.open(e.id, e)
    try {
      ;(this.#instance.exports[call] as (id: number) => unknown)(e.id)
      return e.result()
    } finally {
      this.#flushOutput()
      this.#events.close()
      this.#endCall()
    }
  }

  /** Forgets what the call opened (handles, commands, fetched values): ids are per call. */
  #endCall(): void {
    for (const reset of this.#resets) reset()
  }

  /** Runs one p2p event; its answer's body is what the guest wrote with writeP2PResponse. */
  #callP2P(call: string, d: P2PEventData): ReturnType<HttpEvent['result']> {
    const id = this.#nextEvent++ >>> 0
    const e = p2pEvent(d)
    this.#p2pEvents.open(id, e)
    try {
      ;(this.#instance.exports[call] as (id: number) => unknown)(id)
      return { status: 200, headers: [], body: e.response }
    } finally {
      this.#flushOutput()
      this.#p2pEvents.close()
      this.#endCall()
    }
  }

  /** Runs one pub/sub event; its answer is empty (nobody waits for one), as tau's. */
  #callPubsub(call: string, m: PubsubEventData): ReturnType<HttpEvent['result']> {
    const id = this.#nextEvent++ >>> 0
    this.#messages.open(id, { channel: encode(m.channel), data: m.data })
    try {
      ;(this.#instance.exports[call] as (id: number) => unknown)(id)
      return { status: 200, headers: [], body: new Uint8Array(0) }
    } finally {
      this.#flushOutput()
      this.#messages.close()
      this.#endCall()
    }
  }
}
