import { FunctionBuilder } from '../../builder/index.js'
import { BaseService } from '../base.js'
import { commands, type Commands } from '../../p2p/commands.js'
import { DreamError, errorMessage } from '../../shared/errors.js'
import { HoarderClient } from '../hoarder/client.js'
import type { Job } from '../patrick/protocol.js'
import type { ServiceComponents } from '../types.js'
import { PatrickClient } from '../patrick/client.js'
import { BuildIndex } from './build-index.js'
import { JobLog } from './job-log.js'
import {
  MonkeyBodies,
  MonkeyCommand,
  type JobStatusReply,
  type LiveLogReply,
  type LocalBuildReply
} from './protocol.js'
import { checkedLocalBody } from './local-body.js'
import { buildLocal } from './local-build.js'
import { runJob } from './runner.js'
import type { RunnerComponents } from './runner-components.js'
import type { MonkeySettings } from './settings.js'
import type { WebsiteBuildOptions } from './website-build.js'

export type MonkeyComponents = RunnerComponents & Pick<ServiceComponents, 'http'>

/**
 * monkey: pulls jobs from patrick (woken on each new job, and polling), runs them, stores the log in hoarder and
 * reports done/failed to the patrick that assigned the job.
 */
export class MonkeyService extends BaseService {
  readonly name = 'monkey'
  readonly #c: MonkeyComponents
  readonly #patrick: PatrickClient
  readonly #hoarder: HoarderClient
  readonly #builder: FunctionBuilder
  readonly #builds: BuildIndex
  readonly #settings: MonkeySettings
  readonly #running = new Map<string, { job: Job; abort: AbortController; log: JobLog; done: Promise<void> }>()
  /** Local builds in progress (the `local` command): stopped and awaited by close(), as jobs are. */
  readonly #local = new Set<{ abort: AbortController; done: Promise<unknown> }>()
  #timer: NodeJS.Timeout | undefined
  #pulling = false
  #closed = false

  constructor(components: MonkeyComponents, settings: MonkeySettings) {
    super(components)
    this.#c = components
    this.#settings = settings
    this.#patrick = new PatrickClient(components.node, components.directory)
    this.#hoarder = new HoarderClient(components.node, components.directory)
    this.#builder = new FunctionBuilder({
      log: components.log.child('builder'),
      ...(settings.compilerIdleMs !== undefined ? { compilerIdleMs: settings.compilerIdleMs } : {}),
      ...(settings.goParallel !== undefined ? { goParallel: settings.goParallel } : {})
    })
    this.#builds = new BuildIndex(components.root)
  }

  protected override async open(): Promise<void> {
    this.#closed = false
    await this.#builds.open()
    // Not warmed: the AssemblyScript compiler process (~230 MB) starts with the first AssemblyScript build.
    this.#builder.start()
    this.#timer = setInterval(() => {
      void this.#pull()
    }, this.#settings.pollMs)
  }

  protected override async close(): Promise<void> {
    this.#closed = true
    clearInterval(this.#timer)
    this.#timer = undefined
    for (const r of [...this.#running.values(), ...this.#local]) r.abort.abort()
    await Promise.all(
      [...this.#running.values(), ...this.#local].map(async r => {
        await r.done.catch(() => undefined)
      })
    )
    await this.#builder.stop()
    await this.#builds.close()
  }

  protected override handlers(): Commands {
    return commands(MonkeyBodies, {
      [MonkeyCommand.wake]: () => {
        void this.#pull()
        return { woken: true }
      },
      [MonkeyCommand.job]: b => {
        if (b.action === 'list') return { ids: [...this.#running.keys()] }
        const r = this.#running.get(String(b.jid))
        // The live log of a running job, for followers (`dream logs -f`): the lines from index `from` on.
        if (b.action === 'log') {
          if (r === undefined) return { running: false } satisfies LiveLogReply
          const lines = r.log.since(Number(b.from ?? 0))
          return { running: true, attempt: r.job.Attempt, lines } satisfies LiveLogReply
        }
        return { jid: String(b.jid), status: r === undefined ? 'unknown' : 'running' } satisfies JobStatusReply
      },
      [MonkeyCommand.cancel]: b => {
        this.#running.get(String(b.jid))?.abort.abort()
        return { cancelled: this.#running.has(String(b.jid)) }
      },
      [MonkeyCommand.local]: async b => await this.#buildLocal(b)
    })
  }

  #website(): WebsiteBuildOptions {
    return { ...this.#settings.website, workflowTimeoutMs: this.#settings.workflowTimeoutMs }
  }

  /** A local build, at most `concurrency` at once, stopped by close() like a job. */
  async #buildLocal(raw: unknown): Promise<LocalBuildReply> {
    const body = checkedLocalBody(raw)
    if (this.#closed || this.#local.size >= this.#settings.concurrency)
      throw new DreamError(
        'MONKEY_BUSY',
        this.#closed
          ? 'this monkey is stopping'
          : `this monkey already runs ${this.#local.size} local builds; try again when one has finished`,
        { expose: true }
      )
    const abort = new AbortController()
    const entry = { abort, done: buildLocal(this.#c, this.#builder, body, abort.signal, this.#website()) }
    this.#local.add(entry)
    try {
      return await entry.done
    } finally {
      this.#local.delete(entry)
    }
  }

  /** Dequeues until patrick has nothing or this monkey is full. */
  async #pull(): Promise<void> {
    if (this.#pulling || this.#closed) return
    this.#pulling = true
    try {
      for (const patrick of this.#patrick.peers()) {
        while (this.#running.size < this.#settings.concurrency && !this.#closed) {
          const job = await this.#patrick.dequeue(patrick)
          if (job === undefined) break
          this.#start(job, patrick.peerId)
        }
      }
    } catch (err) {
      this.#c.log.debug(`dequeue: ${errorMessage(err)}`)
    } finally {
      this.#pulling = false
    }
  }

  #start(job: Job, patrickId: string): void {
    const abort = new AbortController()
    const entry = { job, abort, log: new JobLog(), done: Promise.resolve() }
    entry.done = (async () => {
      const tools = { builder: this.#builder, index: this.#builds, website: this.#website() }
      const outcome = await runJob(this.#c, tools, job, abort.signal, entry.log)
      // The log is kept by content id under the job id (latest attempt) and under the time (every attempt), as
      // tau does; a log that cannot be stored must not keep the job from being reported.
      const logs: Record<string, string> = {}
      let logText: string | undefined
      try {
        const stashed = await this.#hoarder.stash(new TextEncoder().encode(outcome.log))
        logs[job.Id] = stashed.cid
        logs[new Date().toISOString()] = stashed.cid
      } catch (err) {
        this.#c.log.warn(`storing the log of job ${job.Id}: ${errorMessage(err)}`)
        // patrick keeps it instead, so that `dream logs` still shows why the job failed
        logText = outcome.log
      }
      try {
        await this.#patrick.report(
          outcome.ok,
          {
            jid: job.Id,
            cid: logs,
            assetCid: outcome.assets,
            retry: outcome.retry,
            ...(logText !== undefined ? { log: logText } : {})
          },
          this.#c.directory.get(patrickId)
        )
      } catch (err) {
        this.#c.log.warn(`reporting job ${job.Id}: ${errorMessage(err)}`)
      }
    })().finally(() => {
      // A retry of the same job may already run here; only this run's entry is removed.
      if (this.#running.get(job.Id) === entry) this.#running.delete(job.Id)
      void this.#pull()
    })
    this.#running.set(job.Id, entry)
  }
}
