import type { FastifyInstance, FastifyPluginAsync } from 'fastify'
import { clientNode } from '../../fixtures/push.js'
import { sessionFor } from '../console/for-universe.js'
import { NotFoundError } from '../shared/errors.js'
import { callPeer, callService } from '../services/client.js'
import type { FunctionLogLine } from '../services/substrate/service.js'
import { HoarderClient } from '../services/hoarder/client.js'
import type { Job } from '../services/patrick/job.js'
import type { Multiverse } from '../universe/multiverse.js'
import { refuseCrossOrigin } from './origin-guard.js'

/** One row of `dream builds`. */
export interface BuildRow { id: string, project: string, projectId: string, repo: string, type: string, branch: string, commit: string, status: number, attempt: number, received: number, finished?: number }

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
    const node = clientNode(u)
    const call = async <T>(svc: 'auth' | 'patrick', cmd: string, body: object): Promise<T> => await callService<T>(node, u.directory, svc, cmd, body)
    const names = new Map<string, { name: string, config: string, code: string }>()
    for (const id of (await call<{ ids: string[] }>('auth', 'projects', { action: 'list' })).ids) {
      names.set(id, await call('auth', 'projects', { action: 'get', id }))
    }
    const want = req.query.project
    const projectIds = want === undefined ? undefined : [...names.entries()].filter(([id, p]) => id === want || p.name === want).map(([id]) => id)
    if (projectIds !== undefined && projectIds.length === 0) throw new NotFoundError('PROJECT_NOT_FOUND', `no project named ${want}; projects: ${[...names.values()].map(p => p.name).join(', ') || 'none'}`)
    const { jobs } = await call<{ jobs: Job[] }>('patrick', 'jobs', {})
    const rows: BuildRow[] = jobs.filter(j => projectIds === undefined || projectIds.includes(j.ProjectId)).map(j => {
      const p = names.get(j.ProjectId)
      const repoId = String(j.Meta.Repository.id)
      return {
        id: j.Id,
        project: p?.name ?? j.ProjectId,
        projectId: j.ProjectId,
        repo: j.Meta.Repository.uri.replace(/^.*\/([^/]+\/[^/]+?)(\.git)?$/, '$1'),
        type: repoId === p?.config ? 'config' : repoId === p?.code ? 'code' : 'other',
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
    const node = clientNode(u)
    const all = await Promise.all(u.directory.byRole('substrate').map(async s =>
      (await callPeer<{ logs: FunctionLogLine[] }>(node, s, 'substrate', 'logs', req.query.function !== undefined ? { function: req.query.function } : {})).logs.map(l => ({ ...l, node: s.peerId }))))
    return { logs: all.flat().sort((a, b) => a.at - b.at) }
  })

  app.get<{ Params: { universe: string, job: string } }>('/logs/:universe/:job', async (req, reply) => {
    const u = mv.get(req.params.universe)
    const node = clientNode(u)
    const { job } = await callService<{ job: Job }>(node, u.directory, 'patrick', 'info', { jid: req.params.job })
    // Logs are keyed by job id (latest attempt) and by time (each attempt): show each attempt once, oldest first.
    const byTime = Object.entries(job.Logs).filter(([k]) => k !== job.Id).sort(([a], [b]) => a.localeCompare(b)).map(([, v]) => v)
    const cids = [...new Set([...byTime, ...Object.values(job.Logs)])]
    if (cids.length === 0) throw new NotFoundError('LOG_NOT_READY', `job ${job.Id} has no log yet (it is still queued or running); try again when it has finished`)
    const hoarder = new HoarderClient(node, u.directory)
    const texts = await Promise.all(cids.map(async cid => Buffer.from(await hoarder.get(cid)).toString('utf8')))
    return await reply.type('text/plain; charset=utf-8').send(texts.join('\n'))
  })
}
