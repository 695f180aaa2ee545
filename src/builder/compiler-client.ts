/**
 * Owns the compiler worker: one compile at a time, later jobs queue. A job that is aborted while running
 * kills the worker (asc cannot be interrupted); the next job starts a fresh one.
 */
import { fork, type ChildProcess } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { DreamError, BuildError } from '../shared/errors.js'
import type { CompileJob, CompileResult } from './protocol.js'

interface Pending {
  job: CompileJob
  signal: AbortSignal | undefined
  resolve: (r: CompileResult) => void
  reject: (e: unknown) => void
  onAbort?: () => void
  done?: boolean
}

const WORKER_PATH = fileURLToPath(new URL('./compiler-worker.js', import.meta.url))

function aborted (): DreamError {
  return new DreamError('BUILD_ABORTED', 'build aborted', { status: 499 })
}

export class CompilerClient {
  private worker: ChildProcess | undefined
  private readonly queue: Pending[] = []
  private current: Pending | undefined
  private nextId = 1
  private running = false

  start (): void {
    this.running = true
    this.spawn()
  }

  async stop (): Promise<void> {
    this.running = false
    const err = new DreamError('BUILDER_STOPPED', 'builder stopped')
    for (const p of this.queue.splice(0)) this.settle(p, err)
    if (this.current !== undefined) this.settle(this.current, err)
    this.current = undefined
    await this.kill()
  }

  compile (job: Omit<CompileJob, 'id'>, signal?: AbortSignal): Promise<CompileResult> {
    if (!this.running) return Promise.reject(new DreamError('BUILDER_STOPPED', 'builder is not started'))
    if (signal?.aborted === true) return Promise.reject(aborted())
    return new Promise((resolve, reject) => {
      const p: Pending = { job: { ...job, id: this.nextId++ }, signal, resolve, reject }
      if (signal !== undefined) {
        p.onAbort = () => { this.abort(p) }
        signal.addEventListener('abort', p.onAbort, { once: true })
      }
      this.queue.push(p)
      this.pump()
    })
  }

  private spawn (): ChildProcess {
    if (this.worker !== undefined) return this.worker
    // `advanced` serialization carries the wasm bytes as a Uint8Array; stdio is inherited for crash output.
    const w = fork(WORKER_PATH, [], { serialization: 'advanced', stdio: ['ignore', 'ignore', 'inherit', 'ipc'] })
    w.on('message', (r: unknown) => {
      const res = r as CompileResult
      const p = this.current
      if (p === undefined || p.job.id !== res.id) return
      this.current = undefined
      this.settle(p, undefined, res)
      this.pump()
    })
    // A crash (e.g. out of memory in binaryen) fails the running job only; the next job respawns.
    const gone = (why: string): void => {
      if (this.worker !== w) return
      this.worker = undefined
      const p = this.current
      this.current = undefined
      if (p !== undefined) this.settle(p, new BuildError('BUILD_CRASH', `compiler worker ${why}`))
      this.pump()
    }
    w.on('error', (err) => { gone(`failed: ${err.message}`) })
    w.on('exit', (code) => { gone(`exited with code ${code}`) })
    this.worker = w
    return w
  }

  private pump (): void {
    if (!this.running || this.current !== undefined) return
    const p = this.queue.shift()
    if (p === undefined) return
    this.current = p
    this.spawn().send(p.job)
  }

  private abort (p: Pending): void {
    const i = this.queue.indexOf(p)
    if (i >= 0) this.queue.splice(i, 1)
    if (this.current === p) {
      this.current = undefined
      void this.kill().then(() => { this.pump() })
    }
    this.settle(p, aborted())
  }

  private async kill (): Promise<void> {
    const w = this.worker
    this.worker = undefined
    if (w === undefined || w.exitCode !== null || w.signalCode !== null) return
    const exited = new Promise<void>(resolve => { w.once('exit', () => { resolve() }) })
    w.kill('SIGKILL')
    await exited
  }

  private settle (p: Pending, err: unknown, r?: CompileResult): void {
    if (p.done === true) return
    p.done = true
    if (p.onAbort !== undefined) p.signal?.removeEventListener('abort', p.onAbort)
    if (r !== undefined) p.resolve(r)
    else p.reject(err)
  }
}
