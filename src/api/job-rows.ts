import { AuthClient } from '../services/auth/client.js'
import { type ProjectInfo, repositoryKind } from '../services/auth/protocol.js'
import { HoarderClient } from '../services/hoarder/client.js'
import { PatrickClient } from '../services/patrick/client.js'
import { TnsClient } from '../services/tns/client.js'
import { REPOSITORY_TYPE } from '../services/tns/protocol.js'
import type { Job, JobStatus } from '../services/patrick/protocol.js'
import { InvalidInputError, NotFoundError } from '../shared/errors.js'
import type { Universe } from '../universe/universe.js'

/** One row of `dream builds`: `status` is a named state; `functions` counts the artifacts a code job published. */
export interface BuildRow {
  id: string
  project: string
  projectId: string
  repo: string
  type: string
  branch: string
  commit: string
  status: JobStatus
  attempt: number
  received: number
  finished?: number
  functions: number
}

/** The universe's jobs as rows (newest first), optionally only those of one project (name or id). */
export async function buildRows(u: Universe, project?: string): Promise<BuildRow[]> {
  const node = u.clientNode()
  const auth = new AuthClient(node, u.directory)
  const names = new Map<string, ProjectInfo>()
  for (const id of await auth.projectIds()) names.set(id, await auth.project(id))
  const projectIds =
    project === undefined
      ? undefined
      : [...names.entries()].filter(([id, p]) => id === project || p.name === project).map(([id]) => id)
  if (projectIds !== undefined && projectIds.length === 0) {
    const known = [...names.values()].map(p => p.name).join(', ') || 'none'
    throw new NotFoundError('PROJECT_NOT_FOUND', `no project named ${project}; projects: ${known}`)
  }
  const jobs = await new PatrickClient(node, u.directory).jobs()
  const rows = jobs
    .filter(j => projectIds === undefined || projectIds.includes(j.ProjectId))
    .map(j => rowOf(j, names.get(j.ProjectId)))
  // A repository that is neither a project's config nor its code: what the compiled config lists it as.
  const tns = new TnsClient(node, u.directory)
  const repoOf = new Map(jobs.map(j => [j.Id, String(j.Meta.Repository.id)]))
  const listed = new Map<string, Promise<string>>()
  for (const r of rows.filter(r => r.type === 'other')) {
    const repoId = repoOf.get(r.id) ?? ''
    const kind = listed.get(repoId) ?? listedKind(tns, repoId)
    listed.set(repoId, kind)
    r.type = await kind
  }
  return rows.sort((a, b) => b.received - a.received)
}

const KIND_OF_TYPE: Record<number, string> = {
  [REPOSITORY_TYPE.library]: 'library',
  [REPOSITORY_TYPE.website]: 'website'
}

async function listedKind(tns: TnsClient, repoId: string): Promise<string> {
  const indexed = await tns.indexedRepository(repoId).catch(() => undefined)
  return (indexed !== undefined ? KIND_OF_TYPE[indexed.type] : undefined) ?? 'other'
}

function rowOf(j: Job, p: ProjectInfo | undefined): BuildRow {
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
  const hoarder = new HoarderClient(u.clientNode(), u.directory)
  const texts = await Promise.all(cids.map(async cid => Buffer.from(await hoarder.get(cid)).toString('utf8')))
  // LogText: the last attempt's log, kept by patrick because no hoarder could store it
  return [...texts, ...(job.LogText !== undefined ? [job.LogText] : [])].join('\n')
}

/** patrick's record of a job (by full id). */
export async function jobRecord(u: Universe, id: string): Promise<Job> {
  return await new PatrickClient(u.clientNode(), u.directory).job(id)
}
