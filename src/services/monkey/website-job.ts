import { join } from 'node:path'
import { BuildError } from '../../shared/errors.js'
import { writeZip } from '../../shared/zip.js'
import type { RepositoryInfo } from '../auth/protocol.js'
import type { Job } from '../patrick/protocol.js'
import { cloneAt } from './git.js'
import type { JobLog } from './job-log.js'
import { publishWebsite } from './publish.js'
import type { IndexedRepository } from '../tns/protocol.js'
import type { RunnerComponents } from './runner-components.js'
import { buildWebsite, type WebsiteBuildOptions } from './website-build.js'

/** Largest archive stored: a blob travels base64 in one p2p frame (64 MiB). */
export const MAX_ARCHIVE_BYTES = 40 * 1024 * 1024

export interface WebsiteJob {
  job: Job
  repo: RepositoryInfo
  indexed: IndexedRepository
  /** The job's temporary folder (removed by the runner). */
  work: string
  branch: string
  commit: string
}

/**
 * A website repository's job, as tau's monkey runs one: clone the pushed commit, build the site (see
 * website-build.ts), archive it as one ZIP (tau stores a website as `build.zip`), stash the archive in hoarder by
 * content id, and record it for each website built from this repository at TNS `assets/<hash(project, website,
 * branch)>`, where the substrate looks for it, in one TNS batch (publish.ts). Returns the website ids with the
 * archive's CID.
 */
export async function runWebsiteJob(
  deps: RunnerComponents,
  w: WebsiteJob,
  signal: AbortSignal,
  log: JobLog,
  options: WebsiteBuildOptions = {}
): Promise<Record<string, string>> {
  const { repo, indexed, branch, commit } = w
  log.line(
    `repository ${repo.fullname} (website ${indexed.resources.join(', ')} of project ${indexed.project}) ` +
      `at ${branch} ${commit.slice(0, 7)}`
  )
  const dir = join(w.work, 'website')
  await log.step(
    `git clone ${repo.clone_url} (branch ${branch}, commit ${commit.slice(0, 7)})`,
    async () => await cloneAt({ url: repo.clone_url, dir, branch, key: repo.key, commit })
  )
  signal.throwIfAborted()
  const files = await log.step('build website', async () => await buildWebsite(dir, w.work, log, signal, options))
  const archive = await writeZip(files)
  log.line(`  ${files.length} file(s), archive of ${archive.byteLength} bytes`)
  if (archive.byteLength > MAX_ARCHIVE_BYTES)
    throw new BuildError(
      'BUILD_WEBSITE_TOO_LARGE',
      `the website archive is ${archive.byteLength} bytes; at most ${MAX_ARCHIVE_BYTES} bytes are stored`
    )
  signal.throwIfAborted()
  const release = { projectId: indexed.project, branch, jobId: w.job.Id, commit, websites: indexed.resources, archive }
  return await publishWebsite(deps, log, release, signal)
}
