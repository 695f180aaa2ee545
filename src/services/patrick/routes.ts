import type { FastifyInstance, FastifyRequest } from 'fastify'
import { NotFoundError, UnauthorizedError } from '../../shared/errors.js'
import { HoarderClient } from '../hoarder/client.js'
import { githubToken } from '../github-token.js'
import type { ServiceDeps } from '../types.js'
import type { JobQueue } from './queue.js'
import type { JobStore } from './store.js'

/** patrick's HTTP API besides the webhook (the routes of tau's patrick); each route needs a valid git host token. */
export function jobRoutes (app: FastifyInstance, deps: ServiceDeps, store: JobStore, queue: JobQueue): void {
  const authorised = async (req: FastifyRequest): Promise<void> => {
    const res = await fetch(`${deps.universe.git.url}/user`, { headers: { authorization: `token ${githubToken(req.headers.authorization)}` } })
    if (!res.ok) throw new UnauthorizedError('AUTH_BAD_TOKEN', 'the git host refused the token')
  }
  const need = (id: string): ReturnType<JobStore['get']> & object => {
    const job = store.get(id)
    if (job === undefined) throw new NotFoundError('JOB_NOT_FOUND', `job ${id} not found`)
    return job
  }

  app.get<{ Params: { projectId: string } }>('/jobs/:projectId', async (req) => {
    await authorised(req)
    return { ProjectId: req.params.projectId, JobIds: store.byProject(req.params.projectId) }
  })
  app.get<{ Params: { id: string } }>('/job/:id', async (req) => {
    await authorised(req)
    return { job: need(req.params.id) }
  })
  app.get<{ Params: { cid: string } }>('/logs/:cid', async (req, reply) => {
    await authorised(req)
    const bytes = await new HoarderClient(deps.node, deps.universe.directory).get(req.params.cid)
    return await reply.type('application/text').send(Buffer.from(bytes))
  })
  app.post<{ Params: { id: string } }>('/retry/:id', async (req) => {
    await authorised(req)
    await queue.retry(req.params.id)
    return { retry: req.params.id }
  })
  app.post<{ Params: { id: string } }>('/cancel/:id', async (req) => {
    await authorised(req)
    await queue.cancel(req.params.id)
    return { cancelled: req.params.id }
  })
}
