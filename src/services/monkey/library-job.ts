import { join } from 'node:path'
import type { FunctionBuilder } from '../../builder/index.js'
import { BuildError } from '../../shared/errors.js'
import type { RepositoryInfo } from '../auth/protocol.js'
import type { Job } from '../patrick/protocol.js'
import { TnsClient } from '../tns/client.js'
import { REPOSITORY_TYPE } from '../tns/protocol.js'
import { cloneAt } from './git.js'
import type { JobLog } from './job-log.js'
import type { RunnerComponents } from './runner-components.js'
import { publishLibrary } from './publish.js'
import { inRepository } from './source-context.js'

export interface LibraryJob {
  deps: RunnerComponents
  builder: FunctionBuilder
  job: Job
  signal: AbortSignal
  log: JobLog
  repo: RepositoryInfo
  /** The job's scratch folder (removed by the caller). */
  work: string
  branch: string
  commit: string
}

/**
 * A library repository's job, as tau's monkey runs it: the whole repository (its `.taubyte/config.yaml` at the
 * root, Go or AssemblyScript) is built like a function's folder, stored in hoarder, and recorded as the asset of
 * each library resource that names this repository (`assets/<assetKey(project, library id, branch)>`), all
 * in one TNS batch (publish.ts).
 * Functions with `source: libraries/<name>` are not rebuilt: substrate resolves the library's asset when it
 * serves them, so every function that uses the library serves its new build at once.
 * Returns the assets published, by library id.
 */
export async function runLibraryJob(j: LibraryJob): Promise<Record<string, string>> {
  const { deps, log, repo, signal } = j
  const tns = new TnsClient(deps.node, deps.directory)
  const indexed = await tns.indexedRepository(repo.id)
  if (indexed === undefined || indexed.type !== REPOSITORY_TYPE.library || indexed.resources.length === 0)
    throw new BuildError(
      'BUILD_REPO_KIND',
      indexed === undefined
        ? `repository ${repo.fullname} (${repo.id}) is not a project's config or code repository, and no ` +
            `compiled config lists it as a library; add libraries/<name>.yaml with source.github.id "${repo.id}" ` +
            "to the project's config repository and push it"
        : `repository ${repo.fullname} is listed by project ${indexed.project} as a type ${indexed.type} ` +
            'repository, which this dream does not build'
    )
  const libraries = indexed.resources
  log.line(
    `repository ${repo.fullname} (library ${libraries.join(', ')} of project ${indexed.project}) ` +
      `at ${j.branch} ${j.commit.slice(0, 7)}`
  )
  const dir = join(j.work, 'library')
  await log.step(
    `git clone ${repo.clone_url} (branch ${j.branch}, commit ${j.commit.slice(0, 7)})`,
    async () => await cloneAt({ url: repo.clone_url, dir, branch: j.branch, key: repo.key, commit: j.commit })
  )
  signal.throwIfAborted()
  const out = await log.step(
    `build ${repo.fullname}`,
    async () =>
      await j.builder.build(dir, { signal }).catch(async (err: unknown) => {
        throw await inRepository(err, dir, repo.fullname)
      })
  )
  for (const l of out.log) log.line(`  ${l}`)
  signal.throwIfAborted()
  return await publishLibrary(
    deps,
    log,
    { projectId: indexed.project, branch: j.branch, jobId: j.job.Id, commit: j.commit, libraries, wasm: out.wasm },
    signal
  )
}
