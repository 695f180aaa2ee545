import { clientNode } from '../../fixtures/push.js'
import { callService } from '../services/client.js'
import { HoarderClient } from '../services/hoarder/client.js'
import { statusName, type Job } from '../services/patrick/job.js'
import { InvalidInputError, NotFoundError } from '../shared/errors.js'
import type { Universe } from '../universe/universe.js'

/** A job state by name (`succeeded`, `failed`, `running`, ...), whether patrick stores a code or a name. */
function stateOf(status: unknown): string {
  return typeof status === 'string' ? status : statusName(Number(status))
}

/** One row of `dream builds`: `status` is a named state; `functions` counts the artifacts a code job published. */
export interface BuildRow {
  id: string
  project: string
  projectId: string
  repo: string
  type: string
  branch: string
  commit: string
  status: string
  attempt: number
  received: number
  finished?: number
  functions: number
}

interface ProjectRecord {
  name: string
  config: string
  code: string
}

/** The universe's jobs as rows (newest first), optionally only those of one project (name or id). */
export async function buildRows(u: Universe, project?: string): Promise<BuildRow[]> {
  const node = clientNode(u)
  const call = async <T>(svc: 'auth' | 'patrick', cmd: string, body: object): Promise<T> =>
    await callService<T>(node, u.directory, svc, cmd, body)
  const names = new Map<string, ProjectRecord>()
  for (const id of (await call<{ ids: string[] }>('auth', 'projects', { action: 'list' })).ids) {
    names.set(id, await call('auth', 'projects', { action: 'get', id }))
  }
  const projectIds =
    project === undefined
      ? undefined
      : [...names.entries()].filter(([id, p]) => id === project || p.name === project).map(([id]) => id)
  if (projectIds !== undefined && projectIds.length === 0) {
    throw new NotFoundError(
      'PROJECT_NOT_FOUND',
      `no project named ${project}; projects: ${[...names.values()].map(p => p.name).join(', ') || 'none'}`
    )
  }
  const { jobs } = await call<{ jobs: Job[] }>('patrick', 'jobs', {})
  const rows = jobs
    .filter(j => projectIds === undefined || projectIds.includes(j.ProjectId))
    .map(j => rowOf(j, names.get(j.ProjectId)))
  return rows.sort((a, b) => b.received - a.received)
}

function rowOf(j: Job, p: ProjectRecord | undefined): BuildRow {
  const repoId = String(j.Meta.Repository.id)
  return {
    id: j.Id,
    project: p?.name ?? j.ProjectId,
    projectId: j.ProjectId,
    repo: j.Meta.Repository.uri.replace(/^.*\/([^/]+\/[^/]+?)(\.git)?$/, '$1'),
    type: repoId === p?.config ? 'config' : repoId === p?.code ? 'code' : 'other',
    branch: j.Meta.ref.replace(/^refs\/heads\//, ''),
    commit: j.Meta.after,
    status: stateOf(j.Status),
    attempt: j.Attempt,
    received: j.Received,
    ...(j.Finished !== undefined ? { finished: j.Finished } : {}),
    functions: Object.keys(j.AssetCid ?? {}).length
  }
}

/**
 * A job named as git names commits: its full id, a unique prefix of it, or `latest` (the newest job, of one
 * project when given).
 */
export async function findJob(u: Universe, ref: string, project?: string): Promise<BuildRow> {
  const rows = await buildRows(u, project)
  if (ref === 'latest') {
    const newest = rows[0]
    if (newest === undefined)
      throw new NotFoundError(
        'JOB_NOT_FOUND',
        `no job yet${project !== undefined ? ` in project ${project}` : ''}; push to a repository first`
      )
    return newest
  }
  if (ref.length < 4)
    throw new InvalidInputError('JOB_PREFIX_SHORT', `job "${ref}": give at least 4 characters of the id, or \`latest\``)
  const exact = rows.find(r => r.id === ref)
  if (exact !== undefined) return exact
  const hits = rows.filter(r => r.id.startsWith(ref))
  if (hits.length === 1 && hits[0] !== undefined) return hits[0]
  if (hits.length > 1)
    throw new InvalidInputError(
      'JOB_PREFIX_AMBIGUOUS',
      `job prefix ${ref} matches ${hits.length} jobs (${hits
        .slice(0, 3)
        .map(h => h.id)
        .join(', ')}…); give more characters`
    )
  throw new NotFoundError('JOB_NOT_FOUND', `job ${ref} not found; \`dream builds\` lists the jobs`)
}

/** The stored log of every attempt of a job, oldest first ('' while none is stored). */
export async function storedLog(u: Universe, job: Job): Promise<string> {
  // Logs are keyed by job id (latest attempt) and by time (each attempt): show each attempt once, oldest first.
  const byTime = Object.entries(job.Logs)
    .filter(([k]) => k !== job.Id)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([, v]) => v)
  const cids = [...new Set([...byTime, ...Object.values(job.Logs)])]
  const hoarder = new HoarderClient(clientNode(u), u.directory)
  const texts = await Promise.all(cids.map(async cid => Buffer.from(await hoarder.get(cid)).toString('utf8')))
  return texts.join('\n')
}

/** patrick's record of a job (by full id). */
export async function jobRecord(u: Universe, id: string): Promise<Job> {
  return (await callService<{ job: Job }>(clientNode(u), u.directory, 'patrick', 'info', { jid: id })).job
}
