import { join } from 'node:path'
import type { FastifyInstance } from 'fastify'
import { BaseService } from '../base.js'
import { AuthClient } from '../auth/client.js'
import { MonkeyClient } from '../monkey/client.js'
import { TnsClient } from '../tns/client.js'
import { commands, type Commands } from '../../p2p/commands.js'
import { DreamError, InvalidInputError, NotFoundError, UnauthorizedError, errorMessage } from '../../shared/errors.js'
import { jobId } from '../../shared/ids.js'
import type { ServiceComponents } from '../types.js'
import { metaOf, type Job, type PushPayload } from './job.js'
import { PatrickBodies, PatrickCommand } from './protocol.js'
import { JobQueue } from './queue.js'
import { jobRoutes, webhookRoute } from './routes.js'
import { JobStore } from './job-store.js'
import { parsePayload, verifySignature } from './webhook.js'
import type { PatrickSettings } from './settings.js'

export type PatrickComponents = Pick<ServiceComponents, 'node' | 'http' | 'directory' | 'root' | 'log' | 'gitUrl'>

/**
 * patrick: receives signed push webhooks, turns them into jobs with deterministic ids, queues them and hands
 * each to exactly one monkey; records results. Monkeys are woken on every new job and also poll.
 */
export class PatrickService extends BaseService {
  readonly name = 'patrick'
  readonly #store: JobStore
  readonly #queue: JobQueue
  readonly #c: PatrickComponents
  readonly #auth: AuthClient
  readonly #tns: TnsClient
  readonly #monkeys: MonkeyClient
  readonly #settings: PatrickSettings
  #timer: NodeJS.Timeout | undefined
  #reannouncing: Promise<void> | undefined

  constructor(components: PatrickComponents, settings: PatrickSettings) {
    super(components)
    this.#c = components
    this.#settings = settings
    this.#store = new JobStore(join(components.root, 'patrick.json'))
    this.#queue = new JobQueue(this.#store, { maxAttempts: settings.maxAttempts })
    this.#auth = new AuthClient(components.node, components.directory)
    this.#tns = new TnsClient(components.node, components.directory)
    this.#monkeys = new MonkeyClient(components.node, components.directory)
  }

  protected override async open(): Promise<void> {
    await this.#store.open()
    this.#queue.restore()
    this.#timer = setInterval(() => {
      // One round at a time; close() waits for the one under way, so nothing writes the store after it closed.
      this.#reannouncing ??= this.#reannounce()
        .catch(err => {
          this.#c.log.warn(`re-announce: ${errorMessage(err)}`)
        })
        .finally(() => {
          this.#reannouncing = undefined
        })
    }, this.#settings.reannounceMs)
  }

  protected override async close(): Promise<void> {
    clearInterval(this.#timer)
    this.#timer = undefined
    await this.#reannouncing
    await this.#store.close()
  }

  protected override routes(app: FastifyInstance): void {
    webhookRoute(app, async (hookId, readBody, h) => await this.#webhook(hookId, readBody, h.event, h.sig256, h.sig1))
    jobRoutes(app, this.#c, this.#store, this.#queue)
  }

  async #webhook(
    hookId: string,
    readBody: () => Promise<Buffer>,
    event: string | undefined,
    sig256: string | undefined,
    sig1: string | undefined
  ): Promise<Job | { ping: string }> {
    let hook: { secret: string; repository: string }
    try {
      hook = await this.#auth.hook(hookId)
    } catch (err) {
      if (err instanceof DreamError && err.status === 404)
        throw new UnauthorizedError('WEBHOOK_UNKNOWN_HOOK', `hook ${hookId} is not known to auth`)
      throw err
    }
    const raw = await readBody()
    verifySignature(raw, hook.secret, sig256, sig1)
    if (event === 'ping') return { ping: 'pong' }
    if (event !== 'push')
      throw new InvalidInputError('WEBHOOK_EVENT', `X-GitHub-Event "${String(event)}" is not handled; only push builds`)
    const meta = metaOf(parsePayload(raw) as PushPayload)
    if (meta.Repository.id === 0 || meta.after === '' || !meta.ref.startsWith('refs/heads/')) {
      throw new InvalidInputError(
        'WEBHOOK_PAYLOAD',
        'push payload needs ref (refs/heads/<branch>), after and repository.id'
      )
    }
    // The hook's secret signs for its own repository only: another repository's payload is refused.
    if (String(meta.Repository.id) !== hook.repository) {
      throw new UnauthorizedError(
        'WEBHOOK_WRONG_REPOSITORY',
        `hook ${hookId} belongs to repository ${hook.repository}, not ${meta.Repository.id}`
      )
    }
    if (/^0+$/.test(meta.after))
      throw new InvalidInputError('WEBHOOK_DELETE', `${meta.ref} was deleted; nothing to build`)
    const id = jobId(meta.Repository.id, meta.ref, meta.after, meta.Repository.pushed_at)
    const existing = this.#store.get(id)
    if (existing !== undefined) return existing
    const repo = await this.#auth.repository(String(meta.Repository.id))
    // A library's repository is no project's in auth: the compiled config that lists it says whose it is.
    const project = repo.project !== '' ? repo.project : (await this.#tns.indexedRepository(repo.id))?.project
    if (project === undefined)
      throw new InvalidInputError(
        'WEBHOOK_NO_PROJECT',
        `repository ${repo.fullname} (${meta.Repository.id}) belongs to no project yet: it is neither a project's ` +
          'config or code repository nor listed by a compiled config; push the config that lists it first'
      )
    await this.#tns.push(['resolve', 'repo', 'github', String(meta.Repository.id)], {
      id: String(meta.Repository.id),
      ssh: meta.Repository.uri
    })
    const job: Job = {
      Id: id,
      Timestamp: Math.floor(Date.now() / 1000),
      Status: 'open',
      Logs: {},
      Meta: meta,
      AssetCid: {},
      Attempt: 0,
      ProjectId: project,
      Received: Date.now()
    }
    await this.#store.create(job)
    this.#queue.push(id)
    this.#wakeMonkeys()
    this.#c.log.info(`job ${id} queued for ${meta.Repository.uri}@${meta.after.slice(0, 7)}`)
    return job
  }

  #wakeMonkeys(): void {
    for (const m of this.#monkeys.peers()) {
      void this.#monkeys.wake(m, { timeoutMs: 5_000 }).catch(() => {})
    }
  }

  /** Jobs whose monkey left the universe lose that attempt and go back to the queue. */
  async #reannounce(): Promise<void> {
    const live = new Set(this.#monkeys.peers().map(m => m.peerId))
    let requeued = false
    for (const job of this.#store.actives()) {
      const a = this.#store.assignment(job.Id)
      if (a !== undefined && !live.has(a.peer)) {
        this.#c.log.warn(`monkey ${a.peer} left while running job ${job.Id}`)
        const after = await this.#queue.lost(job.Id)
        requeued ||= after?.Status === 'open'
      }
    }
    if (requeued || this.#queue.length > 0) this.#wakeMonkeys()
  }

  protected override handlers(): Commands {
    const need = (id: string): Job => {
      const job = this.#store.get(id)
      if (job === undefined) throw new NotFoundError('JOB_NOT_FOUND', `job ${id} not found`)
      return job
    }
    return commands(PatrickBodies, {
      [PatrickCommand.list]: () => ({ Ids: this.#store.all().map(j => j.Id) }),
      [PatrickCommand.info]: b => ({ job: need(b.jid) }),
      [PatrickCommand.jobs]: b => ({
        jobs: this.#store.all().filter(j => b.project === undefined || j.ProjectId === b.project)
      }),
      [PatrickCommand.dequeue]: async (_b, { from }) => {
        const job = await this.#queue.dequeue(from.toString())
        return job === undefined ? { available: false } : { available: true, job }
      },
      [PatrickCommand.isAssigned]: (b, { from }) => ({
        assigned: this.#store.assignment(b.jid)?.peer === from.toString()
      }),
      [PatrickCommand.done]: async (b, { from }) => ({
        job: await this.#queue.done(b.jid, from.toString(), b.cid ?? {}, b.assetCid ?? {}, b.log)
      }),
      [PatrickCommand.failed]: async (b, { from }) => {
        const job = await this.#queue.failed(b.jid, from.toString(), b.cid ?? {}, b.log, b.retry !== false)
        if (job.Status === 'open') this.#wakeMonkeys()
        return { job }
      },
      [PatrickCommand.cancel]: async b => ({ cancelled: (await this.#queue.cancel(b.jid)).Id }),
      [PatrickCommand.retry]: async b => {
        const job = await this.#queue.retry(b.jid)
        this.#wakeMonkeys()
        return { job }
      }
    })
  }
}
