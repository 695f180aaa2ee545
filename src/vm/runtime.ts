/**
 * WasmRuntime: a pool of invoke workers. Requests queue when every worker is busy. Each call has a
 * caller-side timer: on timeout the worker is terminated (the only way to stop a running wasm loop) and
 * replaced. Workers cache modules by key; the runtime tracks which keys each worker holds (LRU).
 *
 * The pool is elastic: when calls wait while some worker has been busy for longer than STUCK_MS (a function
 * looping towards its timeout) or is blocked on a host call (a database operation, answered by another node), an
 * extra worker is started, up to `maxWorkers`, so that looping (or waiting) functions
 * cannot stall the others; extras idle for IDLE_MS are retired. Such a worker is also moved to the idle CPU
 * policy for the rest of its call (see thread-priority.ts), so that a spinning function uses only the CPU the
 * node's own thread and quick calls leave; it is replaced once the call ends.
 *
 * Waiting calls queue per project, then per function, and are served in turn (see fair-queue.ts). One function
 * holds at most `perFunction` workers, so a function flooded with looping calls leaves workers to the others; one
 * project holds at most its share of `maxWorkers` among the projects holding or waiting for workers, and never
 * all of them, so a project whose calls all loop leaves a worker to the others (a running call cannot be taken
 * back, only ended at its timeout, so the share is kept before the workers are taken). A call's timeout counts
 * from when it was asked: it answers FUNCTION_TIMEOUT (504) if it waits that long for a worker.
 *
 * Idle workers are released: a worker holds a V8 isolate and a warm instance of every function it ran (a Go
 * instance's memory is megabytes that wasm cannot give back), so one idle for `idleMs` is terminated. One worker
 * always stays, ready for the next call; when it is the one gone idle with instances, an empty worker takes its
 * place. Calls that find no idle worker start one again, up to `workers`, at once.
 */
import { Worker } from 'node:worker_threads'
import { DreamError, TimeoutError } from '../shared/errors.js'
import type { Logger } from '../shared/log.js'
import { answerHostCall, type BridgeHello, type HostCallMessage } from './host-bridge.js'
import type { HostReply } from './host-calls.js'
import type { InvokeMessage, InvokeReply, WorkerMessage } from './protocol.js'
import { lowerThread } from './thread-priority.js'
import type { InvokeRequest, InvokeResult } from './types.js'
import { capPages } from './memory-cap.js'
import { FairQueue } from './fair-queue.js'
import { HostVersions } from './host-versions.js'

const WORKER_URL = new URL('./invoke-worker.js', import.meta.url)
const KEYS_PER_WORKER = 128
/** A call running this long counts as holding its worker; waiting calls then get an extra worker. */
const STUCK_MS = 50
/**
 * What a call that starts its module in the worker (instantiate, then `_initialize`: tens of milliseconds for a Go
 * module, whose runtime's code V8 compiles on first use, and more on a busy machine) may run before it is lowered:
 * lowering it would slow that start-up down to the CPU others leave, and replace the worker with its warm instances.
 */
const STARTING_MS = 500
/** Extra workers idle this long are terminated. */
const IDLE_MS = 2_000
/** Workers idle this long are released (see the top of this file). */
const RELEASE_MS = 10_000

export interface WasmRuntimeOptions {
  log: Logger
  workers?: number
  /** default: workers + 6 */
  maxWorkers?: number
  /** Workers one function may hold at once; default: half of maxWorkers (at least 1). */
  perFunction?: number
  /**
   * Workers one project may hold at once; default: all but one of maxWorkers (at least 1). While several projects
   * hold or wait for workers, each holds at most an equal share of maxWorkers.
   */
  perProject?: number
  /** A running call published a channel message (the call does not wait for it). */
  onPublish?: (req: InvokeRequest, channel: string, data: Uint8Array) => void
  /** How long a worker may stay idle before it is released; default 10 s. */
  idleMs?: number
}

interface Job {
  req: InvokeRequest
  resolve: (r: InvokeResult) => void
  reject: (e: unknown) => void
  resent?: boolean
  /** When the call's timeout ends, counted from when it was asked (Date.now() clock). */
  deadline: number
  /** Rejects the call while it still waits for a worker, at its deadline. */
  waiting?: NodeJS.Timeout
}

interface Slot {
  worker: Worker
  keys: Map<string, true>
  drop: string[]
  job?: Job
  jobId?: number
  timer?: NodeJS.Timeout
  /** When the current call was sent, or when the slot last became idle. */
  since: number
  /** The worker's thread id, once it has said it (Linux). */
  thread?: number
  /** Moved off the CPU's foreground for a long call: replaced when the call ends. */
  lowered?: boolean
  /** The current call was sent with its module: it starts the module's instance first (see STARTING_MS). */
  starting?: boolean
  /** Where the worker's host calls are answered (see host-bridge.ts). */
  bridge?: BridgeHello
  /** Host calls of the current call not answered yet: the worker waits on another node, not on its CPU. */
  hostWaits: number
}

export class WasmRuntime {
  readonly #log: Logger
  readonly #size: number
  readonly #max: number
  readonly #perFunction: number
  readonly #perProject: number
  readonly #onPublish: WasmRuntimeOptions['onPublish']
  readonly #idleMs: number
  #maintenance: NodeJS.Timeout | undefined
  readonly #slots: Slot[] = []
  readonly #queue = new FairQueue<Job>()
  #running = false
  #nextId = 1
  /** Shared with every worker: what lets them keep host call answers (see host-versions.ts). */
  readonly versions = new HostVersions()
  /** Sent with every call: the worker keeps what host calls answered only while it stays the same. */
  #hostEpoch = 0
  /** `chrt` runs under way (see lowerLongCalls), awaited by stop(). */
  readonly #lowering = new Set<Promise<void>>()

  constructor(o: WasmRuntimeOptions) {
    this.#log = o.log
    this.#size = Math.max(1, o.workers ?? 2)
    this.#max = Math.max(this.#size, o.maxWorkers ?? this.#size + 6)
    this.#perFunction = Math.max(1, o.perFunction ?? Math.floor(this.#max / 2))
    this.#perProject = Math.max(1, o.perProject ?? this.#max - 1)
    this.#onPublish = o.onPublish
    this.#idleMs = o.idleMs ?? RELEASE_MS
  }

  start(): void {
    if (this.#running) return
    this.#running = true
    this.#slots.push(this.#spawn())
    this.#maintenance = setInterval(() => {
      this.#lowerLongCalls()
      this.#pump()
      this.#releaseIdle()
    }, STUCK_MS)
    this.#maintenance.unref()
  }

  /** Terminates every worker; queued and running calls reject with RUNTIME_STOPPED. */
  async stop(): Promise<void> {
    this.#running = false
    clearInterval(this.#maintenance)
    this.#maintenance = undefined
    const err = new DreamError('RUNTIME_STOPPED', 'wasm runtime stopped')
    for (const j of this.#queue.drain()) {
      clearTimeout(j.waiting)
      j.reject(err)
    }
    const slots = this.#slots.splice(0)
    for (const s of slots) {
      if (s.timer !== undefined) clearTimeout(s.timer)
      s.job?.reject(err)
      s.job = undefined
    }
    for (const s of slots) s.bridge?.hostPort.close()
    await Promise.all([...slots.map(async s => await s.worker.terminate()), ...this.#lowering])
  }

  /** `size`: workers calls start on demand; `held`: modules the workers hold (each with its warm instance). */
  get stats(): { workers: number; size: number; busy: number; queued: number; lowered: number; held: number } {
    return {
      workers: this.#slots.length,
      size: this.#size,
      held: this.#slots.reduce((n, s) => n + s.keys.size, 0),
      busy: this.#slots.filter(s => s.job !== undefined).length,
      queued: this.#queue.size,
      lowered: this.#slots.filter(s => s.lowered === true).length
    }
  }

  /**
   * The workers let go of the modules whose keys `gone` matches (their caller dropped them, e.g. evicted from a
   * bounded cache): each worker is told with its next call, and a later call of such a key sends its module again.
   */
  forget(gone: (key: string) => boolean): void {
    for (const s of this.#slots) {
      for (const k of [...s.keys.keys()]) {
        if (!gone(k)) continue
        s.keys.delete(k)
        s.drop.push(k)
      }
    }
  }

  /**
   * What the node answers a function's host calls with may have changed (a database added, removed or resized):
   * workers forget the answers they keep (the databases their functions opened, see host-database.ts).
   */
  hostChanged(): void {
    this.#hostEpoch++
  }

  invoke(req: InvokeRequest): Promise<InvokeResult> {
    if (!this.#running) return Promise.reject(new DreamError('RUNTIME_STOPPED', 'wasm runtime is not started'))
    return new Promise((resolve, reject) => {
      this.#enqueue({ req, resolve, reject, deadline: Date.now() + req.timeoutMs })
      this.#pump()
    })
  }

  /** Queues a call until a worker is free for it, or until its deadline (then it answers FUNCTION_TIMEOUT). */
  #enqueue(job: Job, front = false): void {
    const key = job.req.key
    const project = projectOf(job.req)
    job.waiting = setTimeout(
      () => {
        if (this.#queue.remove(project, key, job)) job.reject(this.#timedOut(job.req, 'waiting for a worker'))
      },
      Math.max(0, job.deadline - Date.now())
    )
    if (front) this.#queue.unshift(project, key, job)
    else this.#queue.push(project, key, job)
  }

  #spawn(): Slot {
    const worker = new Worker(WORKER_URL, { workerData: { versions: this.versions.buffer } })
    const slot: Slot = { worker, keys: new Map(), drop: [], since: Date.now(), hostWaits: 0 }
    slot.worker.on('message', (m: WorkerMessage) => {
      if ('thread' in m) slot.thread = m.thread
      else if ('hostCall' in m) this.#onHostCall(slot, m)
      else if ('hostPort' in m) slot.bridge = m
      else if ('publish' in m) {
        const req = slot.job?.req
        if (req !== undefined && slot.jobId === m.publish.id) this.#onPublish?.(req, m.publish.channel, m.publish.data)
      } else this.#onReply(slot, m)
    })
    slot.worker.on('error', err => {
      this.#replace(slot, new DreamError('FUNCTION_CRASH', `worker failed: ${err.message}`))
    })
    slot.worker.on('exit', code => {
      this.#replace(slot, new DreamError('FUNCTION_CRASH', `worker exited with code ${code}`))
    })
    return slot
  }

  /**
   * A host call of the slot's running guest call: answered by the call's `host`, unless the call has ended by
   * then (a timed-out worker is terminated, a new one has its own bridge).
   */
  #onHostCall(slot: Slot, m: HostCallMessage): void {
    const jobId = slot.jobId
    const host = slot.job?.req.host
    const answer = (reply: HostReply): void => {
      if (slot.jobId !== jobId || slot.bridge === undefined) return
      slot.hostWaits = Math.max(0, slot.hostWaits - 1)
      answerHostCall(slot.bridge, m.seq, reply)
    }
    slot.hostWaits++
    if (host === undefined) {
      answer({ ok: false, log: `${m.hostCall.op} is not available to this call` })
      return
    }
    // Calls waiting for a worker may have one more now that this one waits on another node (see #extraSlot).
    this.#pump()
    host(m.hostCall).then(answer, (err: unknown) => {
      answer({ ok: false, log: `${m.hostCall.op} failed: ${err instanceof Error ? err.message : String(err)}` })
    })
  }

  #pump(): void {
    while (this.#running && this.#queue.size > 0) {
      const share = this.#projectShare()
      const next = this.#queue.peek(
        (project, key) =>
          this.#holding(s => projectOf(s.req) === project) < share &&
          this.#holding(s => s.req.key === key) < this.#perFunction
      )
      if (next === undefined) return
      const slot = this.#pickSlot(next.item) ?? this.#grow() ?? this.#extraSlot()
      if (slot === undefined) return
      this.#dispatch(slot, this.#queue.take(next.project, next.key) as Job)
    }
  }

  /** Workers running a call for which `of` holds. */
  #holding(of: (job: Job) => boolean): number {
    let n = 0
    for (const s of this.#slots) if (s.job !== undefined && of(s.job)) n++
    return n
  }

  /** Workers one project may hold now: an equal part of maxWorkers among the projects holding or waiting. */
  #projectShare(): number {
    const active = new Set(this.#queue.projects())
    for (const s of this.#slots) if (s.job !== undefined) active.add(projectOf(s.job.req))
    return Math.max(1, Math.min(this.#perProject, Math.floor(this.#max / Math.max(1, active.size))))
  }

  /** A new worker while the pool is under its size (it shrinks when idle, see #releaseIdle). */
  #grow(): Slot | undefined {
    if (this.#slots.length >= this.#size) return undefined
    const slot = this.#spawn()
    this.#slots.push(slot)
    return slot
  }

  /**
   * A new worker, when a call has held one for STUCK_MS, or waits on another node (a database), and the pool may
   * grow.
   */
  #extraSlot(): Slot | undefined {
    if (this.#slots.length >= this.#max) return undefined
    const now = Date.now()
    if (!this.#slots.some(s => s.job !== undefined && (now - s.since >= STUCK_MS || s.hostWaits > 0))) return undefined
    const slot = this.#spawn()
    this.#slots.push(slot)
    this.#log.debug(`all ${this.#slots.length - 1} wasm workers busy, one for ${STUCK_MS} ms or more: started another`)
    return slot
  }

  /**
   * A call running STUCK_MS or more (STARTING_MS when it starts its module) has its worker lowered (the worker is
   * replaced when the call ends).
   */
  #lowerLongCalls(): void {
    const now = Date.now()
    for (const s of this.#slots) {
      if (s.job === undefined || s.lowered === true || s.thread === undefined) continue
      if (now - s.since < (s.starting === true ? STARTING_MS : STUCK_MS)) continue
      if (s.hostWaits > 0) continue // waiting on another node uses no CPU
      s.lowered = true
      const name = s.job.req.name
      const ran = s.starting === true ? STARTING_MS : STUCK_MS
      const done = lowerThread(s.thread)
        .then(how => {
          this.#log.debug(
            `function ${name} has run ${ran} ms or more: its worker ` +
              (how === 'idle' ? 'runs under SCHED_IDLE' : how === 'nice' ? 'runs at nice 19' : 'could not be lowered')
          )
        })
        .finally(() => {
          this.#lowering.delete(done)
        })
      this.#lowering.add(done)
    }
  }

  /**
   * Extras idle for IDLE_MS are terminated; any worker idle for `idleMs` too, down to one, and that last one is
   * replaced by an empty worker if it still holds modules.
   */
  #releaseIdle(): void {
    const now = Date.now()
    for (const s of [...this.#slots]) {
      if (s.job !== undefined) continue
      const idle = now - s.since
      const extra = this.#slots.length > this.#size && idle >= IDLE_MS
      if (extra || (idle >= this.#idleMs && this.#slots.length > 1)) this.#retire(s)
      else if (idle >= this.#idleMs && s.keys.size > 0) this.#replace(s)
    }
  }

  #retire(s: Slot): void {
    this.#slots.splice(this.#slots.indexOf(s), 1)
    s.worker.removeAllListeners()
    s.worker.on('error', () => {})
    s.bridge?.hostPort.close()
    void s.worker.terminate()
  }

  /** An idle worker, preferring one that already holds the module (its warm instance). */
  #pickSlot(job: Job): Slot | undefined {
    let idle: Slot | undefined
    for (const s of this.#slots) {
      if (s.job !== undefined) continue
      if (s.keys.has(job.req.key)) return s
      idle ??= s
    }
    return idle
  }

  #dispatch(slot: Slot, job: Job): void {
    const { req } = job
    const known = slot.keys.has(req.key)
    slot.keys.delete(req.key)
    slot.keys.set(req.key, true) // most recently used last
    if (slot.keys.size > KEYS_PER_WORKER) {
      const oldest = slot.keys.keys().next().value as string
      slot.keys.delete(oldest)
      slot.drop.push(oldest)
    }
    clearTimeout(job.waiting)
    const id = this.#nextId++
    const msg: InvokeMessage = {
      id,
      key: req.key,
      call: req.call,
      timeoutMs: Math.max(0, job.deadline - Date.now()),
      memoryBytes: capPages(req.memoryBytes) * 65536,
      name: req.name,
      http: req.http,
      hostEpoch: this.#hostEpoch
    }
    if (req.pubsub !== undefined) msg.pubsub = req.pubsub
    if (req.p2p !== undefined) msg.p2p = req.p2p
    if (req.scope !== undefined) msg.scope = req.scope
    if (!known) msg.module = req.module
    slot.starting = !known
    if (slot.drop.length > 0) {
      msg.drop = slot.drop
      slot.drop = []
    }
    slot.job = job
    slot.jobId = id
    slot.since = Date.now()
    slot.timer = setTimeout(
      () => {
        this.#onTimeout(slot)
      },
      Math.max(0, job.deadline - slot.since)
    )
    slot.worker.postMessage(msg)
  }

  #finish(slot: Slot): Job | undefined {
    const job = slot.job
    if (slot.timer !== undefined) clearTimeout(slot.timer)
    slot.job = undefined
    slot.jobId = undefined
    slot.timer = undefined
    slot.hostWaits = 0
    slot.since = Date.now()
    return job
  }

  #onReply(slot: Slot, r: InvokeReply): void {
    if (slot.jobId !== r.id) return
    const job = this.#finish(slot)
    if (slot.lowered === true) this.#replace(slot)
    if (job === undefined) return
    if (r.ok) {
      job.resolve({ status: r.status, headers: r.headers, body: r.body, logs: r.logs, durationMs: r.durationMs })
    } else if (r.kind === 'miss' && job.resent !== true) {
      slot.keys.delete(job.req.key) // the worker lost it: send the module again
      job.resent = true
      this.#enqueue(job, true)
    } else {
      job.reject(this.#failure(job.req, r.kind, r.message, r.logs))
    }
    this.#pump()
  }

  #failure(req: InvokeRequest, kind: string, message: string, logs: string[]): DreamError {
    const cause = { logs }
    switch (kind) {
      case 'memory':
        return new DreamError(
          'FUNCTION_MEMORY',
          `function ${req.name} exceeded its memory cap of ${req.memoryBytes} bytes ` +
            `(${capPages(req.memoryBytes)} pages): ${message}`,
          { cause }
        )
      case 'load':
        return new DreamError('FUNCTION_LOAD', `function ${req.name} cannot be loaded: ${message}`, { cause })
      case 'export':
        return new DreamError('FUNCTION_EXPORT', message, { cause })
      case 'response':
        return new DreamError('FUNCTION_RESPONSE_TOO_LARGE', `function ${req.name} failed: ${message}`, { cause })
      default:
        return new DreamError('FUNCTION_TRAP', `function ${req.name} trapped: ${message}`, { cause })
    }
  }

  #onTimeout(slot: Slot): void {
    const job = this.#finish(slot)
    if (job === undefined) return
    this.#log.warn(`function ${job.req.name} timed out after ${job.req.timeoutMs} ms; replacing its worker`)
    this.#replace(slot)
    job.reject(this.#timedOut(job.req))
  }

  #timedOut(req: InvokeRequest, how?: string): TimeoutError {
    const while_ = how === undefined ? '' : ` ${how}`
    return new TimeoutError('FUNCTION_TIMEOUT', `function ${req.name} timed out after ${req.timeoutMs} ms${while_}`)
  }

  /** Terminates a slot's worker (if still current) and puts a fresh one in its place. */
  #replace(slot: Slot, err?: DreamError): void {
    const i = this.#slots.indexOf(slot)
    if (i < 0) return
    const job = this.#finish(slot)
    if (job !== undefined && err !== undefined) job.reject(err)
    slot.worker.removeAllListeners('message')
    slot.worker.removeAllListeners('exit')
    slot.bridge?.hostPort.close()
    slot.worker.on('error', () => {
      /* already replaced */
    })
    void slot.worker.terminate()
    if (!this.#running) {
      this.#slots.splice(i, 1)
      return
    }
    this.#slots[i] = this.#spawn()
    this.#pump()
  }
}

/** Whose calls share a project's workers: the call's project, or '' for a call without a scope. */
function projectOf(req: InvokeRequest): string {
  return req.scope?.project ?? ''
}
