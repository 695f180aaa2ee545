/**
 * Owns the AssemblyScript compiler child process: one compile at a time, later jobs queue. A job that is aborted
 * while running kills the child (asc cannot be interrupted); the next job starts a fresh one. The child holds
 * ~230 MB after a compile (asc's heap and binaryen's compiled code, which no GC gives back), so it exists only
 * while builds come: it is started by the first compile (or by `start({ warm: true })`), ended `idleMs` after
 * the last one, and the next compile starts it again (paying asc's load and cold first compile, about 1.3 s more
 * than a warm build: the `go` bench section measures it).
 */
import { fork, type ChildProcess } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { BuildError, buildAborted, DreamError } from '../shared/errors.js'
import type { CompileJob, CompileResult } from './protocol.js'

interface Pending {
  job: CompileJob
  signal: AbortSignal | undefined
  resolve: (r: CompileResult) => void
  reject: (e: unknown) => void
  onAbort?: () => void
  done?: boolean
}

const CHILD_PATH = fileURLToPath(new URL('./asc-compiler-process.js', import.meta.url))
/**
 * How long the compiler process stays after its last compile: long enough for a push's functions or a dev
 * loop's quick saves to find it warm, short enough that a quiet daemon does not hold it.
 */
const COMPILER_IDLE_MS = 15_000

export class CompilerClient {
  #worker: ChildProcess | undefined
  #idleTimer: NodeJS.Timeout | undefined
  readonly #idleMs: number
  readonly #queue: Pending[] = []
  #current: Pending | undefined
  #nextId = 1
  #running = false

  constructor(o: { idleMs?: number } = {}) {
    this.#idleMs = o.idleMs ?? COMPILER_IDLE_MS
  }

  /** True while the compiler process exists (it ends when idle). */
  get resident(): boolean {
    return this.#worker !== undefined
  }

  /** `spawn`: start the process now (it loads asc in the background) rather than with the first compile. */
  start(o: { spawn?: boolean } = {}): void {
    this.#running = true
    if (o.spawn !== true) return
    this.#spawn()
    this.#pump() // nothing queued yet: arms the idle timer
  }

  async stop(): Promise<void> {
    this.#running = false
    clearTimeout(this.#idleTimer)
    const err = new DreamError('BUILDER_STOPPED', 'builder stopped')
    for (const p of this.#queue.splice(0)) this.#settle(p, err)
    if (this.#current !== undefined) this.#settle(this.#current, err)
    this.#current = undefined
    await this.#kill()
  }

  compile(job: Omit<CompileJob, 'id'>, signal?: AbortSignal): Promise<CompileResult> {
    if (!this.#running) return Promise.reject(new DreamError('BUILDER_STOPPED', 'builder is not started'))
    if (signal?.aborted === true) return Promise.reject(buildAborted())
    return new Promise((resolve, reject) => {
      const p: Pending = { job: { ...job, id: this.#nextId++ }, signal, resolve, reject }
      if (signal !== undefined) {
        p.onAbort = () => {
          this.#abort(p)
        }
        signal.addEventListener('abort', p.onAbort, { once: true })
      }
      this.#queue.push(p)
      this.#pump()
    })
  }

  #spawn(): ChildProcess {
    if (this.#worker !== undefined) return this.#worker
    // `advanced` serialization carries the wasm bytes as a Uint8Array; stdio is inherited for crash output.
    const w = fork(CHILD_PATH, [], { serialization: 'advanced', stdio: ['ignore', 'ignore', 'inherit', 'ipc'] })
    w.on('message', (r: unknown) => {
      const res = r as CompileResult
      const p = this.#current
      if (p === undefined || p.job.id !== res.id) return
      this.#current = undefined
      this.#settle(p, undefined, res)
      this.#pump()
    })
    // A crash (e.g. out of memory in binaryen) fails the running job only; the next job respawns.
    const gone = (why: string): void => {
      if (this.#worker !== w) return
      this.#worker = undefined
      const p = this.#current
      this.#current = undefined
      if (p !== undefined) this.#settle(p, new BuildError('BUILD_CRASH', `compiler process ${why}`))
      this.#pump()
    }
    w.on('error', err => {
      gone(`failed: ${err.message}`)
    })
    w.on('exit', code => {
      gone(`exited with code ${code}`)
    })
    this.#worker = w
    return w
  }

  #pump(): void {
    if (!this.#running || this.#current !== undefined) return
    clearTimeout(this.#idleTimer)
    const p = this.#queue.shift()
    if (p === undefined) {
      if (this.#worker !== undefined)
        this.#idleTimer = setTimeout(() => {
          void this.#kill()
        }, this.#idleMs).unref()
      return
    }
    this.#current = p
    this.#spawn().send(p.job)
  }

  #abort(p: Pending): void {
    const i = this.#queue.indexOf(p)
    if (i >= 0) this.#queue.splice(i, 1)
    if (this.#current === p) {
      this.#current = undefined
      void this.#kill().then(() => {
        this.#pump()
      })
    }
    this.#settle(p, buildAborted())
  }

  async #kill(): Promise<void> {
    const w = this.#worker
    this.#worker = undefined
    if (w === undefined || w.exitCode !== null || w.signalCode !== null) return
    const exited = new Promise<void>(resolve => {
      w.once('exit', () => {
        resolve()
      })
    })
    w.kill('SIGKILL')
    await exited
  }

  #settle(p: Pending, err: unknown, r?: CompileResult): void {
    if (p.done === true) return
    p.done = true
    if (p.onAbort !== undefined) p.signal?.removeEventListener('abort', p.onAbort)
    if (r !== undefined) p.resolve(r)
    else p.reject(err)
  }
}
