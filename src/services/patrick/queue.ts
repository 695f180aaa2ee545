import { DreamError, NotFoundError } from '../../shared/errors.js'
import type { Job } from './job.js'
import type { JobStore } from './job-store.js'

/**
 * The job state machine (states in job.ts) over a FIFO of job ids: dequeue hands each job to exactly one
 * caller (the event loop makes pop-and-assign atomic); done archives; failed retries until `maxAttempts`; a job
 * whose monkey vanished goes back to the queue and counts as an attempt.
 */
export class JobQueue {
  readonly #store: JobStore
  readonly #maxAttempts: number
  readonly #fifo: string[] = []

  constructor(store: JobStore, o: { maxAttempts: number }) {
    this.#store = store
    this.#maxAttempts = o.maxAttempts
  }

  /** After a restart: every active, unassigned job is queued again. */
  restore(): void {
    for (const j of this.#store.actives()) if (this.#store.assignment(j.Id) === undefined) this.push(j.Id)
  }

  push(id: string): void {
    if (!this.#fifo.includes(id)) this.#fifo.push(id)
  }
  get length(): number {
    return this.#fifo.length
  }

  async dequeue(peer: string): Promise<Job | undefined> {
    for (let id = this.#fifo.shift(); id !== undefined; id = this.#fifo.shift()) {
      const job = this.#store.active(id)
      if (job === undefined || this.#store.assignment(id) !== undefined) continue
      await this.#store.assign(id, peer)
      // Taken by a monkey, which starts it now: `running` until it is done, failed, cancelled or lost.
      const running: Job = { ...job, Status: 'running' }
      await this.#store.update(running)
      return running
    }
    return undefined
  }

  #assigned(id: string, peer: string): Job {
    const job = this.#store.active(id)
    if (job === undefined) throw new NotFoundError('JOB_NOT_ACTIVE', `job ${id} is not active`)
    if (this.#store.assignment(id)?.peer !== peer)
      throw new DreamError('JOB_NOT_ASSIGNED', `job ${id} is not assigned to ${peer}`)
    return job
  }

  async done(
    id: string,
    peer: string,
    logs: Record<string, string>,
    assets: Record<string, string>,
    logText?: string
  ): Promise<Job> {
    const job = withLogText(this.#assigned(id, peer), logText)
    const final: Job = {
      ...job,
      Status: 'succeeded',
      Attempt: job.Attempt + 1,
      Logs: { ...job.Logs, ...logs },
      AssetCid: { ...job.AssetCid, ...assets },
      Finished: Date.now()
    }
    await this.#store.archive(final)
    return final
  }

  /** `retry: false` (the monkey's word: the job would fail again, e.g. a compile error) ends it at once. */
  async failed(id: string, peer: string, logs: Record<string, string>, logText?: string, retry = true): Promise<Job> {
    const job = withLogText(this.#assigned(id, peer), logText)
    return await this.#retryOrFail({ ...job, Logs: { ...job.Logs, ...logs } }, retry)
  }

  /** The assigned monkey is gone: the attempt is spent, and the job goes to another monkey if one remains. */
  async lost(id: string): Promise<Job | undefined> {
    const job = this.#store.active(id)
    if (job === undefined) return undefined
    return await this.#retryOrFail(job)
  }

  async #retryOrFail(job: Job, retry = true): Promise<Job> {
    const attempt = job.Attempt + 1
    if (attempt >= this.#maxAttempts || !retry) {
      const final: Job = { ...job, Status: 'failed', Attempt: attempt, Finished: Date.now() }
      await this.#store.archive(final)
      return final
    }
    const again: Job = { ...job, Status: 'open', Attempt: attempt }
    await this.#store.update(again)
    await this.#store.unassign(job.Id)
    this.push(job.Id)
    return again
  }

  async cancel(id: string): Promise<Job> {
    const job = this.#store.active(id)
    if (job === undefined)
      throw new NotFoundError('JOB_NOT_ACTIVE', `job ${id} is not active (already finished or unknown)`)
    const final: Job = { ...job, Status: 'cancelled', Finished: Date.now() }
    const i = this.#fifo.indexOf(id)
    if (i >= 0) this.#fifo.splice(i, 1)
    await this.#store.archive(final)
    return final
  }

  async retry(id: string): Promise<Job> {
    const job = this.#store.archived(id)
    if (job === undefined)
      throw new NotFoundError('JOB_NOT_ARCHIVED', `job ${id} is not finished; only finished jobs can be retried`)
    const { Finished: _f, ...rest } = job
    const again: Job = { ...rest, Status: 'open', Attempt: 0 }
    await this.#store.reopen(again)
    this.push(id)
    return again
  }
}

/** A log sent as text (no hoarder could keep it) replaces the previous attempt's; a stored one clears it. */
function withLogText(job: Job, logText: string | undefined): Job {
  const { LogText: _previous, ...rest } = job
  return typeof logText === 'string' ? { ...rest, LogText: logText } : rest
}
