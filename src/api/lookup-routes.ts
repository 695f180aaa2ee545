import type { FastifyInstance, FastifyPluginAsync } from 'fastify'
import type { Multiverse } from '../universe/multiverse.js'
import { inventory } from './inventory.js'
import { findJob } from './job-rows.js'

interface ProjectQuery {
  Params: { universe: string }
  Querystring: { project?: string }
}
interface JobQuery {
  Params: { universe: string; job: string }
  Querystring: { project?: string }
}

/**
 * What the developer loop looks up: `/job/:universe/:job[?project=]`, one job by id, unique prefix or `latest`,
 * as `{job}`; `/ls/:universe[?project=]`, projects and the routes they serve, as `{projects}` (`dream ls`).
 */
export const lookupRoutes =
  (mv: Multiverse): FastifyPluginAsync =>
  async (app: FastifyInstance) => {
    app.get<ProjectQuery>('/ls/:universe', async req => ({
      projects: await inventory(mv.get(req.params.universe), req.query.project)
    }))
    app.get<JobQuery>('/job/:universe/:job', async req => ({
      job: await findJob(mv.get(req.params.universe), req.params.job, req.query.project)
    }))
  }
