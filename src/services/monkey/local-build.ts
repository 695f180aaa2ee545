import { mkdtemp, rm, stat } from 'node:fs/promises'
import { join } from 'node:path'
import { compileProject, publishPlan, type CompiledProject } from '../../compiler/index.js'
import type { FunctionBuilder } from '../../builder/index.js'
import { BuildError, InvalidInputError } from '../../shared/errors.js'
import { writeZip } from '../../shared/zip.js'
import { assetKey } from '../../shared/ids.js'
import { HoarderClient } from '../hoarder/client.js'
import { TnsClient } from '../tns/client.js'
import type { TnsWrite } from '../tns/protocol.js'
import type { ServiceComponents } from '../types.js'
import { targetsOf, type Target as CodeTarget } from './build-targets.js'
import { claimDomains } from './domain-owners.js'
import { JobLog } from './job-log.js'
import { foldersHash, readConfigTree } from './local-tree.js'
import type { LocalBuildBody, LocalBuildReply } from './protocol.js'
import { buildWebsite, type WebsiteBuildOptions } from './website-build.js'
import { MAX_ARCHIVE_BYTES } from './website-job.js'

export type LocalBuildComponents = Pick<ServiceComponents, 'node' | 'directory' | 'fqdn' | 'root'>

/**
 * Builds a project from folders on this machine, without a git remote: compiles the config folder (the one with
 * config.yaml) into TNS as a config job does, and builds the functions and smartops of the code folder into
 * hoarder with their assets in TNS as a code job does, the libraries found in the libraries folder as a
 * library job does, and the websites found in the websites folder as a website job does (website-build.ts, its
 * archive stored as a website job's). The commit is a hash of the files of all these folders, so the same
 * folders publish the same commit. Everything is built before anything is published, in one batch. `body` was
 * checked (local-body.ts).
 */
export async function buildLocal(
  deps: LocalBuildComponents,
  builder: FunctionBuilder,
  body: LocalBuildBody,
  signal: AbortSignal,
  website: WebsiteBuildOptions = {}
): Promise<LocalBuildReply> {
  const log = new JobLog()
  const configDir = await folder(body.configDir, 'config folder')
  const codeDir = body.codeDir === undefined ? undefined : await folder(body.codeDir, 'code folder')
  const files = await readConfigTree(configDir)
  if (!files.has('config.yaml'))
    throw new InvalidInputError(
      'LOCAL_BUILD_PATH',
      `${configDir} has no config.yaml: give the folder of a project's config (or the project folder holding config/)`
    )
  const compiled = await log.step('compile config', async () =>
    compileProject({ files, branch: body.branch, networkFqdn: deps.fqdn })
  )
  const hashed: Record<string, string> = { config: configDir }
  if (codeDir !== undefined) hashed.code = codeDir
  if (body.librariesDir !== undefined) hashed.libraries = body.librariesDir
  if (body.websitesDir !== undefined) hashed.websites = body.websitesDir
  const commit = body.commit ?? (await foldersHash(hashed, signal))
  log.line(`project ${compiled.projectId} at ${body.branch} ${commit.slice(0, 7)} (from ${configDir})`)
  const built: Array<{ t: Target; bytes: Uint8Array }> = []
  for (const t of codeDir === undefined ? [] : targetsOf(compiled)) {
    signal.throwIfAborted()
    const src = join(codeDir ?? '', t.path)
    if (!(await isDir(src)))
      throw new BuildError(
        'BUILD_SOURCE_MISSING',
        `${t.kind} ${t.name}: its source directory ${t.path}/ is missing from ${codeDir}; ` +
          `add it (with .taubyte/config.yaml) or remove ${t.kind}s/${t.name}.yaml`
      )
    const out = await log.step(
      `build ${t.path}`,
      async () => await builder.build(src, { sourcePrefix: t.path, signal })
    )
    built.push({ t, bytes: out.wasm })
  }
  // Libraries and websites build from <libraries folder>/<name> and <websites folder>/<name>, as Taubyte's push
  // of a local project folder finds them; a website as a website job builds its clone, into one ZIP archive.
  const unbuilt: string[] = []
  const kinds = [
    { kind: 'library', group: 'libraries', dir: body.librariesDir },
    { kind: 'website', group: 'websites', dir: body.websitesDir }
  ] as const
  for (const { kind, group, dir } of kinds) {
    for (const r of dir === undefined ? [] : resources(compiled, group)) {
      signal.throwIfAborted()
      const src = join(dir ?? '', r.name)
      const path = `${group}/${r.name}`
      if (!(await isDir(src))) {
        unbuilt.push(path)
        continue
      }
      const bytes = await log.step(`build ${kind} ${r.name}`, async () =>
        kind === 'website'
          ? await websiteArchive(deps, src, log, signal, website)
          : (await builder.build(src, { sourcePrefix: path, signal })).wasm
      )
      built.push({ t: { kind, id: r.id, name: r.name, path }, bytes })
    }
  }
  // Everything is stored in hoarder first, then published in one TNS batch: the config and its builds go live
  // together, as a job's results do (publish.ts).
  const hoarder = new HoarderClient(deps.node, deps.directory)
  const tns = new TnsClient(deps.node, deps.directory)
  const writes: TnsWrite[] =
    body.publishConfig === false
      ? []
      : [...publishPlan(compiled, body.branch, commit), ...(await claimDomains(tns, compiled))]
  const assets: Record<string, string> = {}
  for (const { t, bytes } of built) {
    signal.throwIfAborted()
    const { cid } = await log.step(`hoarder stash ${t.name}`, async () => await hoarder.stash(bytes))
    writes.push(
      { path: ['builds', cid], data: { job: `local-${commit.slice(0, 12)}`, commit } },
      { path: ['assets', assetKey(compiled.projectId, t.id, body.branch)], data: cid }
    )
    assets[t.id] = cid
  }
  if (writes.length > 0) await tns.batch(writes)
  const pushed = writes.map(w => `/${w.path.join('/')}`)
  return { projectId: compiled.projectId, commit, pushed, assets, unbuilt, log: log.text() }
}

async function folder(p: string, what: string): Promise<string> {
  if (!(await isDir(p))) throw new InvalidInputError('LOCAL_BUILD_PATH', `the ${what} ${p} is not a directory`)
  return p
}

/** A website folder built (in a temporary folder of this node, removed after) and archived as a website job's. */
async function websiteArchive(
  deps: LocalBuildComponents,
  src: string,
  log: JobLog,
  signal: AbortSignal,
  website: WebsiteBuildOptions
): Promise<Uint8Array> {
  const work = await mkdtemp(join(deps.root, 'local-website-'))
  try {
    const archive = await writeZip(await buildWebsite(src, work, log, signal, website))
    if (archive.byteLength > MAX_ARCHIVE_BYTES)
      throw new BuildError(
        'BUILD_WEBSITE_TOO_LARGE',
        `the website archive of ${src} is ${archive.byteLength} bytes; at most ${MAX_ARCHIVE_BYTES} bytes are stored`
      )
    return archive
  } finally {
    await rm(work, { recursive: true, force: true })
  }
}

/** A function or smartop of the code folder (build-targets.ts), a library or a website. */
type Target = Omit<CodeTarget, 'kind'> & { kind: CodeTarget['kind'] | 'library' | 'website' }

/** The libraries or websites of the project and of its applications. */
function resources(c: CompiledProject, kind: 'libraries' | 'websites'): Array<{ id: string; name: string }> {
  const scopes = [c.object, ...Object.values((c.object.applications ?? {}) as Record<string, Record<string, unknown>>)]
  return scopes.flatMap(scope =>
    Object.entries((scope[kind] ?? {}) as Record<string, { name: string }>).map(([id, r]) => ({ id, name: r.name }))
  )
}

async function isDir(p: string): Promise<boolean> {
  try {
    return (await stat(p)).isDirectory()
  } catch {
    return false
  }
}
