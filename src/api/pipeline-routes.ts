import type { FastifyInstance, FastifyPluginAsync } from 'fastify'
import { sessionFor } from '../console/for-universe.js'
import { NotFoundError } from '../shared/errors.js'
import { SubstrateClient } from '../services/substrate/client.js'
import type { Multiverse } from '../universe/multiverse.js'
import { buildRows, findJob, jobRecord, storedLog } from './job-rows.js'
import { refuseCrossOrigin } from './origin-guard.js'

export type { BuildRow } from './job-rows.js'

/**
 * What the web console's Builds page and the CLI's project commands need from the daemon: the git identity of
 * the universe (the "GitHub login" of the walkthrough), job listings and job logs. Jobs and logs are read over
 * p2p through the universe's `client` node, as fixtures do.
 */
export const pipelineRoutes =
  (mv: Multiverse): FastifyPluginAsync =>
  async (app: FastifyInstance) => {
    app.get<{ Params: { universe: string } }>('/console/:universe', async req => {
      refuseCrossOrigin(req)
      return await sessionFor(mv.get(req.params.universe))
    })

    app.get<{ Params: { universe: string }; Querystring: { project?: string } }>('/builds/:universe', async req => ({
      jobs: await buildRows(mv.get(req.params.universe), req.query.project)
    }))

    app.get<{ Params: { universe: string }; Querystring: { function?: string } }>(
      '/function-logs/:universe',
      async req => {
        const u = mv.get(req.params.universe)
        const substrates = new SubstrateClient(u.clientNode(), u.directory)
        const all = await Promise.all(
          substrates
            .peers()
            .map(async s => (await substrates.logs(s, req.query.function)).map(l => ({ ...l, node: s.peerId })))
        )
        return { logs: all.flat().sort((a, b) => a.at - b.at) }
      }
    )

    type LogQuery = { Params: { universe: string; job: string }; Querystring: { project?: string } }
    app.get<LogQuery>('/logs/:universe/:job', async (req, reply) => {
      const u = mv.get(req.params.universe)
      const row = await findJob(u, req.params.job, req.query.project)
      const text = await storedLog(u, await jobRecord(u, row.id))
      if (text === '') {
        throw new NotFoundError(
          'LOG_NOT_READY',
          `job ${row.id} has no log yet (it is still queued or running); follow it with \`dream logs -f ${row.id}\``
        )
      }
      return await reply.type('text/plain; charset=utf-8').header('x-dream-job-status', row.status).send(text)
    })
  }
