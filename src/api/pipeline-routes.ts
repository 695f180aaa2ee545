import type { FastifyInstance, FastifyPluginAsync } from 'fastify'
import { sessionFor } from '../console/for-universe.js'
import { NotFoundError } from '../shared/errors.js'
import { AuthClient } from '../services/auth/client.js'
import { repositoryKind, type ProjectInfo } from '../services/auth/protocol.js'
import { HoarderClient } from '../services/hoarder/client.js'
import { PatrickClient } from '../services/patrick/client.js'
import type { JobStatus } from '../services/patrick/protocol.js'
import { SubstrateClient } from '../services/substrate/client.js'
import type { Multiverse } from '../universe/multiverse.js'
import { refuseCrossOrigin } from './origin-guard.js'

/** One row of `dream builds`. */
export interface BuildRow {
  id: string, project: string, projectId: string, repo: string, type: string, branch: string, commit: string, status: JobStatus,
  attempt: number, received: number, finished?: number
}

/**
 * What the web console's Builds page and the CLI's project commands need from the daemon: the git identity of
 * the universe (the "GitHub login" of the walkthrough), job listings and job logs. Jobs and logs are read over
 * p2p through the universe's `client` node, as fixtures do.
 */
export const pipelineRoutes = (mv: Multiverse): FastifyPluginAsync => async (app: FastifyInstance) => {
  app.get<{ Params: { universe: string } }>('/console/:universe', async (req) => {
    refuseCrossOrigin(req)
    return await sessionFor(mv.get(req.params.universe))
  })

  app.get<{ Params: { universe: string }, Querystring: { project?: string } }>('/builds/:universe', async (req) => {
    const u = mv.get(req.params.universe)
    const node = u.clientNode()
    const auth = new AuthClient(node, u.directory)
    const names = new Map<string, ProjectInfo>()
    for (const id of await auth.projectIds()) names.set(id, await auth.project(id))
    const want = req.query.project
    const projectIds = want === undefined ? undefined : [...names.entries()].filter(([id, p]) => id === want || p.name === want).map(([id]) => id)
    if (projectIds !== undefined && projectIds.length === 0) throw new NotFoundError('PROJECT_NOT_FOUND', `no project named ${want}; projects: ${[...names.values()].map(p => p.name).join(', ') || 'none'}`)
    const jobs = await new PatrickClient(node, u.directory).jobs()
    const rows: BuildRow[] = jobs.filter(j => projectIds === undefined || projectIds.includes(j.ProjectId)).map(j => {
      const p = names.get(j.ProjectId)
      const repoId = String(j.Meta.Repository.id)
      return {
        id: j.Id,
        project: p?.name ?? j.ProjectId,
        projectId: j.ProjectId,
        repo: j.Meta.Repository.uri.replace(/^.*\/([^/]+\/[^/]+?)(\.git)?$/, '$1'),
        type: (p !== undefined ? repositoryKind(repoId, p) : undefined) ?? 'other',
        branch: j.Meta.ref.replace(/^refs\/heads\//, ''),
        commit: j.Meta.after,
        status: j.Status,
        attempt: j.Attempt,
        received: j.Received,
        ...(j.Finished !== undefined ? { finished: j.Finished } : {})
      }
    })
    return { jobs: rows.sort((a, b) => b.received - a.received) }
  })

  app.get<{ Params: { universe: string }, Querystring: { function?: string } }>('/function-logs/:universe', async (req) => {
    const u = mv.get(req.params.universe)
    const substrates = new SubstrateClient(u.clientNode(), u.directory)
    const all = await Promise.all(substrates.peers().map(async s =>
      (await substrates.logs(s, req.query.function)).map(l => ({ ...l, node: s.peerId }))))
    return { logs: all.flat().sort((a, b) => a.at - b.at) }
  })

  app.get<{ Params: { universe: string, job: string } }>('/logs/:universe/:job', async (req, reply) => {
    const u = mv.get(req.params.universe)
    const node = u.clientNode()
    const job = await new PatrickClient(node, u.directory).job(req.params.job)
    // Logs are keyed by job id (latest attempt) and by time (each attempt): show each attempt once, oldest first.
    const byTime = Object.entries(job.Logs).filter(([k]) => k !== job.Id).sort(([a], [b]) => a.localeCompare(b)).map(([, v]) => v)
    const cids = [...new Set([...byTime, ...Object.values(job.Logs)])]
    // LogText: the last attempt's log, kept by patrick because no hoarder could store it
    const inline = job.LogText !== undefined ? [job.LogText] : []
    if (cids.length === 0 && inline.length === 0) throw new NotFoundError('LOG_NOT_READY', `job ${job.Id} has no log yet (it is still queued or running); try again when it has finished`)
    const hoarder = new HoarderClient(node, u.directory)
    const texts = await Promise.all(cids.map(async cid => Buffer.from(await hoarder.get(cid)).toString('utf8')))
    return await reply.type('text/plain; charset=utf-8').send([...texts, ...inline].join('\n'))
  })
}
