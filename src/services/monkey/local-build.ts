import { createHash } from 'node:crypto'
import { stat } from 'node:fs/promises'
import { isAbsolute, join } from 'node:path'
import { compileProject, publishPlan, readTree, type CompiledProject } from '../../compiler/index.js'
import type { FunctionBuilder } from '../../builder/index.js'
import { BuildError, InvalidInputError } from '../../shared/errors.js'
import { assetKey } from '../../shared/ids.js'
import { HoarderClient } from '../hoarder/client.js'
import { TnsClient } from '../tns/client.js'
import type { TnsWrite } from '../tns/protocol.js'
import type { ServiceComponents } from '../types.js'
import { targetsOf, type Target as CodeTarget } from './build-targets.js'
import { JobLog } from './job-log.js'
import type { LocalBuildBody, LocalBuildReply } from './protocol.js'

export type LocalBuildComponents = Pick<ServiceComponents, 'node' | 'directory' | 'fqdn'>

/**
 * Builds a project from folders on this machine, without a git remote: compiles the config folder (the one with
 * config.yaml) into TNS as a config job does, and builds the functions and smartops of the code folder into
 * hoarder with their assets in TNS as a code job does, and the libraries found in the libraries folder as a
 * library job does. The commit is a hash of the config folder's files, so
 * the same folder publishes the same commit. Everything is built before anything is published, in one batch.
 */
export async function buildLocal(
  deps: LocalBuildComponents,
  builder: FunctionBuilder,
  body: LocalBuildBody,
  signal?: AbortSignal
): Promise<LocalBuildReply> {
  const log = new JobLog()
  const configDir = await folder(body.configDir, 'config folder')
  const codeDir = body.codeDir === undefined ? undefined : await folder(body.codeDir, 'code folder')
  if (body.librariesDir !== undefined && !isAbsolute(body.librariesDir))
    throw new InvalidInputError(
      'LOCAL_BUILD_PATH',
      `the libraries folder must be an absolute path, not "${body.librariesDir}"`
    )
  const files = await readTree(configDir)
  if (!files.has('config.yaml'))
    throw new InvalidInputError(
      'LOCAL_BUILD_PATH',
      `${configDir} has no config.yaml: give the folder of a project's config (or the project folder holding config/)`
    )
  const compiled = await log.step('compile config', async () =>
    compileProject({ files, branch: body.branch, networkFqdn: deps.fqdn })
  )
  const commit = body.commit ?? treeHash(files)
  log.line(`project ${compiled.projectId} at ${body.branch} ${commit.slice(0, 7)} (from ${configDir})`)
  const built: Array<{ t: Target; wasm: Uint8Array }> = []
  for (const t of codeDir === undefined ? [] : targetsOf(compiled)) {
    signal?.throwIfAborted()
    const src = join(codeDir ?? '', t.path)
    if (!(await isDir(src)))
      throw new BuildError(
        'BUILD_SOURCE_MISSING',
        `${t.kind} ${t.name}: its source directory ${t.path}/ is missing from ${codeDir}; ` +
          `add it (with .taubyte/config.yaml) or remove ${t.kind}s/${t.name}.yaml`
      )
    const out = await log.step(
      `build ${t.path}`,
      async () => await builder.build(src, { sourcePrefix: t.path, ...(signal ? { signal } : {}) })
    )
    built.push({ t, wasm: out.wasm })
  }
  // Libraries build from <libraries folder>/<name>, as Taubyte's push of a local project folder finds them.
  const unbuilt: string[] = []
  const librariesDir = body.librariesDir
  for (const lib of librariesDir === undefined ? [] : libraries(compiled)) {
    signal?.throwIfAborted()
    const src = join(librariesDir ?? '', lib.name)
    if (!(await isDir(src))) {
      unbuilt.push(lib.name)
      continue
    }
    const out = await log.step(
      `build library ${lib.name}`,
      async () => await builder.build(src, { sourcePrefix: `libraries/${lib.name}`, ...(signal ? { signal } : {}) })
    )
    built.push({ t: { kind: 'library', id: lib.id, name: lib.name, path: `libraries/${lib.name}` }, wasm: out.wasm })
  }
  // Everything is stored in hoarder first, then published in one TNS batch: the config and its builds go live
  // together, as a job's results do (publish.ts).
  const hoarder = new HoarderClient(deps.node, deps.directory)
  const writes: TnsWrite[] = body.publishConfig === false ? [] : publishPlan(compiled, body.branch, commit)
  const assets: Record<string, string> = {}
  for (const { t, wasm } of built) {
    signal?.throwIfAborted()
    const { cid } = await log.step(`hoarder stash ${t.name}`, async () => await hoarder.stash(wasm))
    writes.push(
      { path: ['builds', cid], data: { job: `local-${commit.slice(0, 12)}`, commit } },
      { path: ['assets', assetKey(compiled.projectId, t.id, body.branch)], data: cid }
    )
    assets[t.id] = cid
  }
  if (writes.length > 0) await new TnsClient(deps.node, deps.directory).batch(writes)
  const pushed = writes.map(w => `/${w.path.join('/')}`)
  return { projectId: compiled.projectId, commit, pushed, assets, unbuilt, log: log.text() }
}

async function folder(p: string, what: string): Promise<string> {
  if (!isAbsolute(p))
    throw new InvalidInputError('LOCAL_BUILD_PATH', `the ${what} must be an absolute path, not "${p}"`)
  if (!(await isDir(p))) throw new InvalidInputError('LOCAL_BUILD_PATH', `the ${what} ${p} is not a directory`)
  return p
}

/** A git-like 40-hex id of the files (path and text), stable for the same folder. */
function treeHash(files: Map<string, string>): string {
  const h = createHash('sha1')
  for (const [path, text] of files) h.update(`${path}\0${text.length}\0${text}`)
  return h.digest('hex')
}

/** A function or smartop of the code folder (build-targets.ts), or a library of the libraries folder. */
type Target = Omit<CodeTarget, 'kind'> & { kind: CodeTarget['kind'] | 'library' }

/** The libraries of the project and of its applications. */
function libraries(c: CompiledProject): Array<{ id: string; name: string }> {
  const scopes = [c.object, ...Object.values((c.object.applications ?? {}) as Record<string, Record<string, unknown>>)]
  return scopes.flatMap(scope =>
    Object.entries((scope.libraries ?? {}) as Record<string, { name: string }>).map(([id, l]) => ({ id, name: l.name }))
  )
}

async function isDir(p: string): Promise<boolean> {
  try {
    return (await stat(p)).isDirectory()
  } catch {
    return false
  }
}
