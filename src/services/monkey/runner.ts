import { mkdtemp, rm } from 'node:fs/promises'
import { join } from 'node:path'
import { compileProject, publishPlan, readTree, type CompiledProject } from '../../compiler/index.js'
import type { FunctionBuilder } from '../../builder/index.js'
import { BuildError, DreamError, errorMessage } from '../../shared/errors.js'
import { AuthClient } from '../auth/client.js'
import { repositoryKind } from '../auth/protocol.js'
import { HoarderClient } from '../hoarder/client.js'
import type { Job } from '../patrick/protocol.js'
import { TnsClient } from '../tns/client.js'
import { REPOSITORY_TYPE } from '../tns/protocol.js'
import type { BuildIndex } from './build-index.js'
import { allSourcesIn, buildTargets, targetsOf, type Target } from './build-targets.js'
import { checkoutCommit, configCandidates } from './config-commit.js'
import { claimDomains } from './domain-owners.js'
import { cloneAt } from './git.js'
import { JobLog } from './job-log.js'
import { runLibraryJob } from './library-job.js'
import { publishBuilds, publishConfig } from './publish.js'
import type { RunnerComponents } from './runner-components.js'
import { runWebsiteJob } from './website-job.js'
import type { WebsiteBuildOptions } from './website-build.js'

export interface JobOutcome {
  ok: boolean
  log: string
  assets: Record<string, string>
  /**
   * False when the failure is the user's (a compile error, bad YAML, a missing source: a user error in the errors'
   * catalogue), which another attempt would only repeat; infrastructure failures are retried.
   */
  retry: boolean
}

/**
 * What jobs build with: the builder, the index of the modules built before (build-index.ts), and the options of a
 * website's build (website-build.ts: its bounds and time limit).
 */
export interface BuildTools {
  builder: FunctionBuilder
  index: BuildIndex
  website: WebsiteBuildOptions
}

/**
 * Runs one job: resolve the repository's project and kind through auth, clone it with its deploy credential,
 * then compile a config repo into TNS, or build every function of a code repo (or a library repo,
 * library-job.ts; a website repo, website-job.ts) and publish them together (publish.ts). Every failure ends in
 * the log, never in a crash of the node.
 */
export async function runJob(
  deps: RunnerComponents,
  tools: BuildTools,
  job: Job,
  signal: AbortSignal,
  log = new JobLog()
): Promise<JobOutcome> {
  const assets: Record<string, string> = {}
  const work = await mkdtemp(join(deps.root, 'job-'))
  const auth = new AuthClient(deps.node, deps.directory)
  try {
    const branch = job.Meta.ref.replace(/^refs\/heads\//, '')
    const commit = job.Meta.after
    log.line(`job ${job.Id} (attempt ${job.Attempt + 1}) on monkey ${deps.node.peerId.toString()}`)
    const repo = await auth.repository(String(job.Meta.Repository.id))
    // auth claims only a project's config and code repositories; another one is a website's (website-job.ts) or a
    // library's (library-job.ts), as the compiled config lists it.
    if (repo.project === '') {
      const indexed = await new TnsClient(deps.node, deps.directory).indexedRepository(repo.id)
      if (indexed?.type === REPOSITORY_TYPE.website) {
        const site = { job, repo, indexed, work, branch, commit }
        Object.assign(assets, await runWebsiteJob(deps, site, signal, log, tools.website))
      } else {
        const library = { deps, builder: tools.builder, job, signal, log, repo, work, branch, commit }
        Object.assign(assets, await runLibraryJob(library))
      }
      return succeeded(job, log, assets)
    }
    const project = await auth.project(repo.project)
    const kind = repositoryKind(repo.id, project)
    if (kind === undefined)
      throw new BuildError(
        'BUILD_REPO_KIND',
        `repository ${repo.fullname} is neither the config nor the code repository of project ${project.name}`
      )
    log.line(
      `repository ${repo.fullname} (${kind} of project ${project.name} ${project.id}) ` +
        `at ${branch} ${commit.slice(0, 7)}`
    )
    const dir = join(work, kind)
    const cloneCommit = async (): Promise<void> => {
      await log.step(
        `git clone ${repo.clone_url} (branch ${branch}, commit ${commit.slice(0, 7)})`,
        async () => await cloneAt({ url: repo.clone_url, dir, branch, key: repo.key, commit })
      )
    }
    const cfgDir = join(work, 'config')
    if (kind === 'config') await cloneCommit()
    else {
      // A code job needs the config repository too (which functions to build): both are cloned at once.
      const cloneConfig = async (): Promise<void> => {
        const cfgRepo = await auth.repository(project.config)
        await log.step(
          `git clone ${cfgRepo.clone_url} (branch ${branch}, for the function list)`,
          async () => await cloneAt({ url: cfgRepo.clone_url, dir: cfgDir, branch, key: cfgRepo.key })
        )
      }
      // Both settle before a failure is thrown: the work folder is removed after, not while one still writes.
      const cloned = await Promise.allSettled([cloneCommit(), cloneConfig()])
      for (const c of cloned) if (c.status === 'rejected') throw c.reason
    }
    signal.throwIfAborted()

    if (kind === 'config') {
      const compiled = await compileConfig(log, dir, branch, project.id, deps.fqdn)
      const claims = await claimDomains(new TnsClient(deps.node, deps.directory), compiled)
      await publishConfig(deps, log, [...publishPlan(compiled, branch, commit), ...claims])
    } else {
      const candidates = await configCandidates({ configDir: cfgDir, codeDir: dir, codeCommit: commit })
      let targets: Target[] = []
      for (const [i, cfgCommit] of candidates.entries()) {
        await checkoutCommit(cfgDir, cfgCommit)
        const back = i > 0 ? `, ${i} back: a newer one of the same second lists sources this commit lacks` : ''
        log.line(`config at ${cfgCommit.slice(0, 7)} (the newest config commit no later than this code commit${back})`)
        targets = targetsOf(await compileConfig(log, cfgDir, branch, project.id, deps.fqdn))
        if (await allSourcesIn(dir, targets)) break
      }
      if (targets.length === 0) log.line('no function or smartop with source "." to build')
      // Everything is built before anything is published: a job that fails publishes nothing, and the functions
      // of one commit go live together (publish.ts) instead of one per build.
      const hoarder = new HoarderClient(deps.node, deps.directory)
      const built = await buildTargets({ ...tools, hoarder, log, dir, repo: repo.fullname, signal }, targets)
      const published = await publishBuilds(
        deps,
        log,
        {
          projectId: project.id,
          branch,
          jobId: job.Id,
          commit,
          built: built.map(({ t, cid }) => ({ id: t.id, cid }))
        },
        signal
      )
      Object.assign(assets, published)
    }
    return succeeded(job, log, assets)
  } catch (err) {
    log.line('CI/CD Errors:')
    log.line(signal.aborted ? 'job cancelled' : errorMessage(err))
    if (!(err instanceof DreamError)) deps.log.warn(`job ${job.Id}: ${errorMessage(err)}`)
    const userError = err instanceof DreamError && err.expose && !signal.aborted
    return { ok: false, log: log.text(), assets, retry: !userError }
  } finally {
    await rm(work, { recursive: true, force: true })
  }
}

function succeeded(job: Job, log: JobLog, assets: Record<string, string>): JobOutcome {
  log.line(`Running job ${job.Id} was successful`)
  return { ok: true, log: log.text(), assets, retry: false }
}

async function compileConfig(
  log: JobLog,
  dir: string,
  branch: string,
  projectId: string,
  fqdn: string
): Promise<CompiledProject> {
  return await log.step('compile config', async () => {
    const compiled = compileProject({ files: await readTree(dir), branch, projectId, networkFqdn: fqdn })
    const groups = Object.entries(compiled.object).filter(
      ([, v]) => typeof v === 'object' && v !== null && !Array.isArray(v)
    )
    log.line(
      `  project ${compiled.projectId}: ` +
        (groups.map(([k, v]) => `${Object.keys(v as object).length} ${k}`).join(', ') || 'no resources')
    )
    return compiled
  })
}
