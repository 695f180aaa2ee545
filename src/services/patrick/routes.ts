import type { FastifyInstance, FastifyRequest } from 'fastify'
import { NotFoundError, UnauthorizedError } from '../../shared/errors.js'
import { HoarderClient } from '../hoarder/client.js'
import { requireToken } from '../../shared/authorization.js'
import type { ServiceComponents } from '../types.js'
import type { JobQueue } from './queue.js'
import type { JobStore } from './job-store.js'
import { readWebhookBody } from './webhook.js'

/** The headers of a GitHub webhook delivery that patrick reads. */
export interface WebhookHeaders {
  event: string | undefined
  sig256: string | undefined
  sig1: string | undefined
}

/**
 * `POST /github/:hookId`: GitHub's push webhook. The body is handed over unread, as a function that reads it
 * (up to its limit), so that it is read only once its hook is known.
 */
export function webhookRoute(
  app: FastifyInstance,
  onWebhook: (hookId: string, readBody: () => Promise<Buffer>, h: WebhookHeaders) => Promise<unknown>
): void {
  void app.register(async sub => {
    // The signature is over the raw bytes, and the body is read only once its hook is known: no parser reads it.
    sub.removeAllContentTypeParsers()
    sub.addContentTypeParser('*', (_req, payload, done) => {
      done(null, payload)
    })
    sub.post<{ Params: { hookId: string } }>('/github/:hookId', async (req, reply) => {
      const h = (n: string): string | undefined => {
        const v = req.headers[n]
        return Array.isArray(v) ? v[0] : v
      }
      const body = async (): Promise<Buffer> => await readWebhookBody(req.raw, h('content-length'))
      try {
        return await onWebhook(req.params.hookId, body, {
          event: h('x-github-event'),
          sig256: h('x-hub-signature-256'),
          sig1: h('x-hub-signature')
        })
      } catch (err) {
        // A refused body is not read to its end: close the connection rather than drain it.
        if (!req.raw.readableEnded) void reply.header('connection', 'close')
        throw err
      }
    })
  })
}

/** patrick's HTTP API besides the webhook (the routes of tau's patrick); each route needs a valid git host token. */
export function jobRoutes(
  app: FastifyInstance,
  c: Pick<ServiceComponents, 'node' | 'directory' | 'gitUrl'>,
  store: JobStore,
  queue: JobQueue
): void {
  const authorised = async (req: FastifyRequest): Promise<void> => {
    const res = await fetch(`${c.gitUrl}/user`, {
      headers: { authorization: `token ${requireToken(req.headers.authorization)}` }
    })
    if (!res.ok) throw new UnauthorizedError('AUTH_BAD_TOKEN', 'the git host refused the token')
  }
  const need = (id: string): ReturnType<JobStore['get']> & object => {
    const job = store.get(id)
    if (job === undefined) throw new NotFoundError('JOB_NOT_FOUND', `job ${id} not found`)
    return job
  }

  app.get<{ Params: { projectId: string } }>('/jobs/:projectId', async req => {
    await authorised(req)
    return { ProjectId: req.params.projectId, JobIds: store.byProject(req.params.projectId) }
  })
  app.get<{ Params: { id: string } }>('/job/:id', async req => {
    await authorised(req)
    return { job: need(req.params.id) }
  })
  app.get<{ Params: { cid: string } }>('/logs/:cid', async (req, reply) => {
    await authorised(req)
    const bytes = await new HoarderClient(c.node, c.directory).get(req.params.cid)
    return await reply.type('application/text').send(Buffer.from(bytes))
  })
  app.post<{ Params: { id: string } }>('/retry/:id', async req => {
    await authorised(req)
    await queue.retry(req.params.id)
    return { retry: req.params.id }
  })
  app.post<{ Params: { id: string } }>('/cancel/:id', async req => {
    await authorised(req)
    await queue.cancel(req.params.id)
    return { cancelled: req.params.id }
  })
}
