/**
 * How a job's results go live: all of one job's TNS writes in one batch, which TNS applies as one change of its
 * tree, so a substrate sees either none or all of them (never the new build of one function beside the old
 * build of another). Nothing is written to TNS before everything the batch points at is stored.
 */
import { assetKey } from '../../shared/ids.js'
import { HoarderClient } from '../hoarder/client.js'
import { TnsClient } from '../tns/client.js'
import type { TnsWrite } from '../tns/protocol.js'
import type { ServiceComponents } from '../types.js'
import type { JobLog } from './job-log.js'

/** What publishing needs of the monkey: its node and directory, to reach hoarder and TNS. */
export type PublishComponents = Pick<ServiceComponents, 'node' | 'directory'>

/**
 * A function or smartop of a code job, its module in hoarder: built by this job (stored as it was built,
 * build-targets.ts) or reused from an earlier build of the same content.
 */
interface BuiltFunction {
  id: string
  cid: string
}

export interface CodeRelease {
  projectId: string
  branch: string
  jobId: string
  commit: string
  built: BuiltFunction[]
}

/**
 * Publishes, once every module of `release` is in hoarder, `builds/<cid>` (the job and commit that published it
 * last, which the substrate reports as the answer's commit, also for a module reused from an earlier build) and
 * `assets/<key>` (the function's current build) of every function in one TNS batch. A cancelled job publishes
 * nothing. Returns function id → CID.
 */
export async function publishBuilds(
  deps: PublishComponents,
  log: JobLog,
  release: CodeRelease,
  signal: AbortSignal
): Promise<Record<string, string>> {
  const assets: Record<string, string> = {}
  const writes: TnsWrite[] = []
  for (const { id, cid } of release.built) {
    assets[id] = cid
    writes.push(
      { path: ['builds', cid], data: { job: release.jobId, commit: release.commit } },
      { path: ['assets', assetKey(release.projectId, id, release.branch)], data: cid }
    )
  }
  signal.throwIfAborted()
  await publishBatch(deps, log, writes)
  return assets
}

/**
 * A library job's publish: its one wasm stashed in hoarder, then `builds/<cid>` and the asset of every library
 * resource that names the repository in one TNS batch. Returns library id → CID.
 */
export async function publishLibrary(
  deps: PublishComponents,
  log: JobLog,
  release: Omit<CodeRelease, 'built'> & { libraries: string[]; wasm: Uint8Array },
  signal: AbortSignal
): Promise<Record<string, string>> {
  return await publishArtifact(deps, log, 'library', release, release.wasm, release.libraries, signal)
}

/**
 * A website job's publish: its archive stashed in hoarder, then `builds/<cid>` and the asset of every website
 * resource that names the repository in one TNS batch. Returns website id → CID.
 */
export async function publishWebsite(
  deps: PublishComponents,
  log: JobLog,
  release: Omit<CodeRelease, 'built'> & { websites: string[]; archive: Uint8Array },
  signal: AbortSignal
): Promise<Record<string, string>> {
  return await publishArtifact(deps, log, 'website', release, release.archive, release.websites, signal)
}

/** One artifact built from a repository, published as the asset of each resource `ids` that names it. */
async function publishArtifact(
  deps: PublishComponents,
  log: JobLog,
  what: string,
  release: Omit<CodeRelease, 'built'>,
  bytes: Uint8Array,
  ids: string[],
  signal: AbortSignal
): Promise<Record<string, string>> {
  const stashed = await log.step(
    `hoarder stash ${what} (${bytes.byteLength} bytes)`,
    async () => await new HoarderClient(deps.node, deps.directory).stash(bytes)
  )
  log.line(`  cid ${stashed.cid} on ${stashed.replicas.length} hoarder(s)`)
  signal.throwIfAborted()
  const assets: Record<string, string> = {}
  const writes: TnsWrite[] = [{ path: ['builds', stashed.cid], data: { job: release.jobId, commit: release.commit } }]
  for (const id of ids) {
    writes.push({ path: ['assets', assetKey(release.projectId, id, release.branch)], data: stashed.cid })
    assets[id] = stashed.cid
  }
  await publishBatch(deps, log, writes)
  return assets
}

/** Publishes a config job's plan (indexes, project object, `current` pointer) in one TNS batch. */
export async function publishConfig(deps: PublishComponents, log: JobLog, plan: TnsWrite[]): Promise<void> {
  await publishBatch(deps, log, plan)
}

async function publishBatch(deps: PublishComponents, log: JobLog, writes: TnsWrite[]): Promise<void> {
  if (writes.length === 0) return
  const tns = new TnsClient(deps.node, deps.directory)
  const version = await log.step(
    `tns publish ${writes.length} path(s) in one batch`,
    async () => await tns.batch(writes)
  )
  for (const w of writes) log.line(`  /${w.path.join('/')}`)
  log.line(`  tns version ${version}`)
}
