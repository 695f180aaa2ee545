import type { BuildRow } from '../../api/job-rows.js'
import type { ProjectRow } from '../../api/inventory.js'
import { errorMessage } from '../../shared/errors.js'
import type { ApiClient } from '../api-client.js'
import { line, type Io } from '../output.js'
import { sseEvents } from '../sse-client.js'
import { queuedJobs } from '../../shared/queued-jobs.js'
import { changeSummary, type GitOut } from './git.js'

type Git = (...args: string[]) => Promise<GitOut>

export interface DevTarget {
  io: Io
  api: ApiClient
  universe: string
  project: string
  branch: string
  /** The config clone first: a code build reads the function list from the config. */
  repos: Array<{ kind: 'config' | 'code'; git: Git }>
  signal: AbortSignal
}

/**
 * One round of `dream dev`: commits what changed in each clone (the message says what), pushes (rebasing on what
 * others pushed meanwhile), then follows the jobs the push queued and prints each result, and the curl lines
 * when all succeeded. Returns false when nothing had changed.
 */
export async function syncOnce(t: DevTarget): Promise<boolean> {
  const jobs: string[] = []
  for (const r of t.repos) {
    const status = (await r.git('status', '--porcelain')).stdout
    if (status.trim() === '') continue
    const summary = changeSummary(status)
    await r.git('add', '-A')
    await r.git('commit', '-q', '-m', `dream dev: ${summary}`)
    const pushed = await pushRebasing(r.git, t.branch)
    const sha = (await r.git('rev-parse', '--short=7', 'HEAD')).stdout.trim()
    line(t.io, `pushed ${r.kind} ${sha}: ${summary}`)
    jobs.push(...queuedJobs(pushed.stderr))
  }
  if (jobs.length === 0) return false
  let ok = true
  for (const id of jobs) ok = (await follow(t, id)) && ok
  if (ok) await printRoutes(t)
  return true
}

/** Pushes; when someone else pushed meanwhile (`dream new function`, another clone), rebases on it and pushes again. */
async function pushRebasing(git: Git, branch: string): Promise<GitOut> {
  try {
    return await git('push', 'origin', `HEAD:${branch}`)
  } catch {
    await git('pull', '-q', '--rebase', 'origin', branch)
    return await git('push', 'origin', `HEAD:${branch}`)
  }
}

/** Follows one job to its end; prints its result, and its errors when it failed. */
async function follow(t: DevTarget, id: string): Promise<boolean> {
  const lines: string[] = []
  let job: BuildRow | undefined
  const path = `/stream/job/${encodeURIComponent(t.universe)}/${encodeURIComponent(id)}`
  for await (const ev of sseEvents(t.api.base, path, t.signal)) {
    if (ev.event === 'line') lines.push((ev.data as { line: string }).line)
    else if (ev.event === 'end') job = (ev.data as { job: BuildRow }).job
  }
  if (job === undefined) return false
  const took = job.finished !== undefined ? ` in ${((job.finished - job.received) / 1000).toFixed(1)} s` : ''
  line(t.io, `job ${job.id} (${job.type}) ${job.status}${took}`)
  if (job.status !== 'succeeded') {
    const at = lines.findLastIndex(l => l.endsWith('CI/CD Errors:'))
    for (const l of at >= 0 ? lines.slice(at + 1) : lines.slice(-5)) line(t.io, `  ${l.replace(/^\S+Z /, '')}`)
  }
  return job.status === 'succeeded'
}

async function printRoutes(t: DevTarget): Promise<void> {
  try {
    const q = `?project=${encodeURIComponent(t.project)}`
    const { projects } = await t.api.get<{ projects: ProjectRow[] }>(`/ls/${encodeURIComponent(t.universe)}${q}`)
    for (const r of projects.flatMap(p => p.routes)) line(t.io, `  ${r.kind} ${r.name}: ${r.curl}`)
  } catch (err) {
    line(t.io, `  (routes unavailable: ${errorMessage(err)})`)
  }
}
