import { FunctionBuilder } from '../../builder/index.js'
import { BaseService } from '../base.js'
import { callPeer, callService } from '../client.js'
import type { Handlers } from '../../p2p/protocol.js'
import { errorMessage } from '../../shared/errors.js'
import { HoarderClient } from '../hoarder/client.js'
import type { Job } from '../patrick/job.js'
import type { ServiceDeps } from '../types.js'
import { runJob } from './runner.js'

/** Jobs one monkey runs at once (a config and a code job of one push build side by side). */
const CONCURRENCY = 2
/** Fallback poll, in case a wake-up from patrick was missed (tau's dev ticker is 2 s). */
const POLL_MS = 2_000

/**
 * monkey: pulls jobs from patrick (woken on each new job, and polling), runs them, stores the log in hoarder and
 * reports done/failed to the patrick that assigned the job.
 */
export class MonkeyService extends BaseService {
  readonly name = 'monkey'
  readonly #builder: FunctionBuilder
  readonly #running = new Map<string, { job: Job, abort: AbortController, done: Promise<void> }>()
  #timer: NodeJS.Timeout | undefined
  #pulling = false
  #closed = false

  constructor (deps: ServiceDeps) {
    super(deps)
    this.#builder = new FunctionBuilder({ log: deps.log.child('builder') })
  }

  protected override async open (): Promise<void> {
    this.#closed = false
    this.#builder.start({ warm: true })
    this.#timer = setInterval(() => { void this.#pull() }, POLL_MS)
  }

  protected override async close (): Promise<void> {
    this.#closed = true
    clearInterval(this.#timer)
    this.#timer = undefined
    for (const r of this.#running.values()) r.abort.abort()
    await Promise.all([...this.#running.values()].map(async r => { await r.done }))
    await this.#builder.stop()
  }

  protected override handlers (): Handlers {
    return {
      wake: () => { void this.#pull(); return { woken: true } },
      job: (b: { action?: string, jid?: string }) => {
        if (b.action === 'list') return { ids: [...this.#running.keys()] }
        const r = this.#running.get(String(b.jid))
        return { jid: b.jid, status: r === undefined ? 'unknown' : 'running' }
      },
      cancel: (b: { jid?: string }) => {
        this.#running.get(String(b.jid))?.abort.abort()
        return { cancelled: this.#running.has(String(b.jid)) }
      }
    }
  }

  /** Dequeues until patrick has nothing or this monkey is full. */
  async #pull (): Promise<void> {
    if (this.#pulling || this.#closed) return
    this.#pulling = true
    try {
      for (const patrick of this.deps.universe.directory.byRole('patrick')) {
        while (this.#running.size < CONCURRENCY && !this.#closed) {
          const r = await callPeer<{ available: boolean, job?: Job }>(this.deps.node, patrick, 'patrick', 'dequeue', {})
          if (!r.available || r.job === undefined) break
          this.#start(r.job, patrick.peerId)
        }
      }
    } catch (err) {
      this.deps.log.debug(`dequeue: ${errorMessage(err)}`)
    } finally {
      this.#pulling = false
    }
  }

  #start (job: Job, patrickId: string): void {
    const abort = new AbortController()
    const entry = { job, abort, done: Promise.resolve() }
    entry.done = (async () => {
      const outcome = await runJob(this.deps, this.#builder, job, abort.signal)
      // The log is kept by content id under the job id (latest attempt) and under the time (every attempt), as
      // tau does; a log that cannot be stored must not keep the job from being reported.
      const logs: Record<string, string> = {}
      try {
        const stashed = await new HoarderClient(this.deps.node, this.deps.universe.directory).stash(new TextEncoder().encode(outcome.log))
        logs[job.Id] = stashed.cid
        logs[new Date().toISOString()] = stashed.cid
      } catch (err) {
        this.deps.log.warn(`storing the log of job ${job.Id}: ${errorMessage(err)}`)
      }
      try {
        const patrick = this.deps.universe.directory.get(patrickId)
        const body = { jid: job.Id, cid: logs, assetCid: outcome.assets, retry: outcome.retry }
        if (patrick !== undefined) await callPeer(this.deps.node, patrick, 'patrick', outcome.ok ? 'done' : 'failed', body)
        else await callService(this.deps.node, this.deps.universe.directory, 'patrick', outcome.ok ? 'done' : 'failed', body)
      } catch (err) {
        this.deps.log.warn(`reporting job ${job.Id}: ${errorMessage(err)}`)
      }
    })().finally(() => {
      // A retry of the same job may already run here; only this run's entry is removed.
      if (this.#running.get(job.Id) === entry) this.#running.delete(job.Id)
      void this.#pull()
    })
    this.#running.set(job.Id, entry)
  }
}
