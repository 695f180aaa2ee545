import { join } from 'node:path'
import type { FastifyInstance } from 'fastify'
import { BaseService } from '../base.js'
import { callPeer, callService } from '../client.js'
import { TnsClient } from '../tns/client.js'
import type { Handlers } from '../../p2p/protocol.js'
import { DreamError, InvalidInputError, NotFoundError, UnauthorizedError } from '../../shared/errors.js'
import { jobId } from '../../shared/ids.js'
import type { ServiceDeps } from '../types.js'
import { JobStatus, metaOf, type Job, type PushPayload } from './job.js'
import { JobQueue } from './queue.js'
import { jobRoutes } from './routes.js'
import { JobStore } from './store.js'
import { parsePayload, readWebhookBody, verifySignature } from './webhook.js'

/** How often patrick re-checks assignments (tau's re-announce loop runs every 5 s in dev). */
const REANNOUNCE_MS = 2_000

/**
 * patrick: receives signed push webhooks, turns them into jobs with deterministic ids, queues them and hands
 * each to exactly one monkey; records results. Monkeys are woken on every new job and also poll.
 */
export class PatrickService extends BaseService {
  readonly name = 'patrick'
  readonly #store: JobStore
  readonly #queue: JobQueue
  #timer: NodeJS.Timeout | undefined

  constructor (deps: ServiceDeps) {
    super(deps)
    this.#store = new JobStore(join(deps.root, 'patrick.json'))
    this.#queue = new JobQueue(this.#store)
  }

  protected override async open (): Promise<void> {
    await this.#store.open()
    this.#queue.restore()
    this.#timer = setInterval(() => { void this.#reannounce() }, REANNOUNCE_MS)
  }

  protected override async close (): Promise<void> {
    clearInterval(this.#timer)
    this.#timer = undefined
    await this.#store.close()
  }

  protected override routes (app: FastifyInstance): void {
    void app.register(async (sub) => {
      // The signature is over the raw bytes, and the body is read only once its hook is known: no parser reads it.
      sub.removeAllContentTypeParsers()
      sub.addContentTypeParser('*', (_req, payload, done) => { done(null, payload) })
      sub.post<{ Params: { hookId: string } }>('/github/:hookId', async (req, reply) => {
        const h = (n: string): string | undefined => { const v = req.headers[n]; return Array.isArray(v) ? v[0] : v }
        const body = async (): Promise<Buffer> => await readWebhookBody(req.raw, h('content-length'))
        try {
          return await this.#webhook(req.params.hookId, body, h('x-github-event'), h('x-hub-signature-256'), h('x-hub-signature'))
        } catch (err) {
          // A refused body is not read to its end: close the connection rather than drain it.
          if (!req.raw.readableEnded) void reply.header('connection', 'close')
          throw err
        }
      })
    })
    jobRoutes(app, this.deps, this.#store, this.#queue)
  }

  async #webhook (hookId: string, readBody: () => Promise<Buffer>, event: string | undefined, sig256: string | undefined, sig1: string | undefined): Promise<Job | { ping: string }> {
    let hook: { secret: string, repository: string }
    try {
      hook = await callService(this.deps.node, this.deps.universe.directory, 'auth', 'hooks', { action: 'get', id: hookId })
    } catch (err) {
      if (err instanceof DreamError && err.status === 404) throw new UnauthorizedError('WEBHOOK_UNKNOWN_HOOK', `hook ${hookId} is not known to auth`)
      throw err
    }
    const raw = await readBody()
    verifySignature(raw, hook.secret, sig256, sig1)
    if (event === 'ping') return { ping: 'pong' }
    if (event !== 'push') throw new InvalidInputError('WEBHOOK_EVENT', `X-GitHub-Event "${String(event)}" is not handled; only push builds`)
    const meta = metaOf(parsePayload(raw) as PushPayload)
    if (meta.Repository.id === 0 || meta.after === '' || !meta.ref.startsWith('refs/heads/')) {
      throw new InvalidInputError('WEBHOOK_PAYLOAD', 'push payload needs ref (refs/heads/<branch>), after and repository.id')
    }
    // The hook's secret signs for its own repository only: another repository's payload is refused.
    if (String(meta.Repository.id) !== hook.repository) {
      throw new UnauthorizedError('WEBHOOK_WRONG_REPOSITORY', `hook ${hookId} belongs to repository ${hook.repository}, not ${meta.Repository.id}`)
    }
    if (/^0+$/.test(meta.after)) throw new InvalidInputError('WEBHOOK_DELETE', `${meta.ref} was deleted; nothing to build`)
    const id = jobId(meta.Repository.id, meta.ref, meta.after, meta.Repository.pushed_at)
    const existing = this.#store.get(id)
    if (existing !== undefined) return existing
    const repo = await callService<{ project: string }>(this.deps.node, this.deps.universe.directory, 'auth', 'repositories', { action: 'get', id: String(meta.Repository.id) })
    if (repo.project === '') throw new InvalidInputError('WEBHOOK_NO_PROJECT', `repository ${meta.Repository.id} belongs to no project yet`)
    await new TnsClient(this.deps.node, this.deps.universe.directory).push(['resolve', 'repo', 'github', String(meta.Repository.id)], { id: String(meta.Repository.id), ssh: meta.Repository.uri })
    const job: Job = { Id: id, Timestamp: Math.floor(Date.now() / 1000), Status: JobStatus.Open, Logs: {}, Meta: meta, AssetCid: {}, Attempt: 0, ProjectId: repo.project, Received: Date.now() }
    await this.#store.create(job)
    this.#queue.push(id)
    this.#wakeMonkeys()
    this.deps.log.info(`job ${id} queued for ${meta.Repository.uri}@${meta.after.slice(0, 7)}`)
    return job
  }

  #wakeMonkeys (): void {
    for (const m of this.deps.universe.directory.byRole('monkey')) {
      void callPeer(this.deps.node, m, 'monkey', 'wake', {}, { timeoutMs: 5_000 }).catch(() => {})
    }
  }

  /** Jobs whose monkey left the universe lose that attempt and go back to the queue. */
  async #reannounce (): Promise<void> {
    const live = new Set(this.deps.universe.directory.byRole('monkey').map(m => m.peerId))
    let requeued = false
    for (const job of this.#store.actives()) {
      const a = this.#store.assignment(job.Id)
      if (a !== undefined && !live.has(a.peer)) {
        this.deps.log.warn(`monkey ${a.peer} left while running job ${job.Id}`)
        const after = await this.#queue.lost(job.Id)
        requeued ||= after?.Status === JobStatus.Open
      }
    }
    if (requeued || this.#queue.length > 0) this.#wakeMonkeys()
  }

  protected override handlers (): Handlers {
    const need = (id: unknown): Job => {
      const job = this.#store.get(String(id))
      if (job === undefined) throw new NotFoundError('JOB_NOT_FOUND', `job ${String(id)} not found`)
      return job
    }
    return {
      list: () => ({ Ids: this.#store.all().map(j => j.Id) }),
      info: (b: { jid?: string }) => ({ job: need(b.jid) }),
      jobs: (b: { project?: string }) => ({ jobs: this.#store.all().filter(j => b.project === undefined || j.ProjectId === b.project) }),
      dequeue: async (_b, { from }) => {
        const job = await this.#queue.dequeue(from.toString())
        return job === undefined ? { available: false } : { available: true, job }
      },
      isAssigned: (b: { jid?: string }, { from }) => ({ assigned: this.#store.assignment(String(b.jid))?.peer === from.toString() }),
      done: async (b: { jid: string, cid?: Record<string, string>, assetCid?: Record<string, string> }, { from }) =>
        ({ job: await this.#queue.done(b.jid, from.toString(), b.cid ?? {}, b.assetCid ?? {}) }),
      failed: async (b: { jid: string, cid?: Record<string, string>, retry?: boolean }, { from }) => {
        const job = await this.#queue.failed(b.jid, from.toString(), b.cid ?? {}, b.retry !== false)
        if (job.Status === JobStatus.Open) this.#wakeMonkeys()
        return { job }
      },
      cancel: async (b: { jid: string }) => ({ cancelled: (await this.#queue.cancel(b.jid)).Id }),
      retry: async (b: { jid: string }) => {
        const job = await this.#queue.retry(b.jid)
        this.#wakeMonkeys()
        return { job }
      }
    }
  }
}
