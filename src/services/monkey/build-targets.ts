import { setMaxListeners } from 'node:events'
import { stat } from 'node:fs/promises'
import { join } from 'node:path'
import type { CompiledProject } from '../../compiler/index.js'
import type { FunctionBuilder } from '../../builder/index.js'
import { BuildError, DreamError, errorMessage } from '../../shared/errors.js'
import type { HoarderClient } from '../hoarder/client.js'
import type { BuildIndex } from './build-index.js'
import type { JobLog } from './job-log.js'
import { inRepository } from './source-context.js'

export interface Target {
  kind: 'function' | 'smartop'
  id: string
  name: string
  path: string
}

/**
 * A target's module, in hoarder under `cid`: built by this job and stashed as soon as it was built (a Go module is
 * megabytes: fifty of them are not held until the last one is built), or reused, built before from the same
 * content key and still held by a hoarder.
 */
interface Built {
  t: Target
  cid: string
}

export interface BuildContext {
  builder: FunctionBuilder
  index: BuildIndex
  hoarder: HoarderClient
  log: JobLog
  /** The code repository's checkout, and the repository's name for messages. */
  dir: string
  repo: string
  signal: AbortSignal
}

/** Functions and smartops whose source is "." live in the code repo at [<app>/]functions|smartops/<name>. */
export function targetsOf(c: CompiledProject): Target[] {
  const out: Target[] = []
  const scan = (scope: Record<string, unknown>, prefix: string): void => {
    for (const [group, kind] of [
      ['functions', 'function'],
      ['smartops', 'smartop']
    ] as const) {
      const g = scope[group] as Record<string, { name: string; source: string }> | undefined
      for (const [id, r] of Object.entries(g ?? {})) {
        if (r.source === '.') out.push({ kind, id, name: r.name, path: `${prefix}${group}/${r.name}` })
      }
    }
  }
  scan(c.object, '')
  const apps = c.object.applications as Record<string, { name: string } & Record<string, unknown>> | undefined
  for (const app of Object.values(apps ?? {})) scan(app, `${app.name}/`)
  return out
}

export async function allSourcesIn(dir: string, targets: Target[]): Promise<boolean> {
  for (const t of targets) if (!(await isDir(join(dir, t.path)))) return false
  return true
}

/**
 * Builds every target of a code job into hoarder, in `targets` order; nothing is published here. A target whose
 * content key was built before, and whose module a hoarder still holds, is reused, not built. The others build at
 * once: the builder bounds how many run (Go builds by the machine's cores and memory, AssemblyScript one at a
 * time). The first failure cancels the builds still queued or running; the job then fails with the errors of every
 * build that failed, as a user error (not retried) when one of them is the user's. Every module built or reused is
 * recorded in the build index, also when the job fails: a later job with the same content reuses it.
 */
export async function buildTargets(c: BuildContext, targets: Target[]): Promise<Built[]> {
  for (const t of targets) {
    if (!(await isDir(join(c.dir, t.path))))
      throw new BuildError(
        'BUILD_SOURCE_MISSING',
        `${t.kind} ${t.name}: its source directory ${t.path}/ is missing from ${c.repo}; ` +
          `add it (with .taubyte/config.yaml) or remove ${t.kind}s/${t.name}.yaml`
      )
  }
  const keys = await Promise.all(
    targets.map(async t => await c.builder.contentKey(join(c.dir, t.path), { sourcePrefix: t.path }))
  )
  const known = keys.map(k => c.index.cidOf(k))
  const held = known.some(cid => cid !== undefined) ? await c.hoarder.held() : new Set<string>()
  const out: Array<Built | undefined> = []
  const pending: number[] = []
  for (const [i, t] of targets.entries()) {
    const key = keys[i] ?? ''
    const cid = known[i]
    if (cid !== undefined && held.has(cid)) {
      out[i] = { t, cid }
      c.log.line(`build ${t.path}: reused ${cid} (content ${key.slice(0, 12)} unchanged since a succeeded build)`)
    } else pending.push(i)
  }
  if (targets.length > 1 || pending.length < targets.length)
    c.log.line(
      `${targets.length} modules: ${targets.length - pending.length} reused, ${pending.length} to build ` +
        `(${c.builder.goParallel} Go build(s) at once, AssemblyScript one at a time)`
    )
  const failures = await buildAll(c, pending, targets, out)
  await c.index.remember(out.flatMap((b, i) => (b === undefined ? [] : [{ key: keys[i] ?? '', cid: b.cid }])))
  c.signal.throwIfAborted()
  if (failures.length > 0) throw jobError(failures)
  return out.filter((b): b is Built => b !== undefined)
}

interface Failure {
  t: Target
  err: unknown
}

/** Builds `targets[i]` for each i in `pending` at once into `out[i]`; returns the failures (cancelled builds aside). */
async function buildAll(
  c: BuildContext,
  pending: number[],
  targets: Target[],
  out: Array<Built | undefined>
): Promise<Failure[]> {
  const failures: Failure[] = []
  const stop = new AbortController()
  // Every queued build listens on it (the compiler's queue, the Go build slots): not a leak.
  setMaxListeners(pending.length + 10, stop.signal)
  const onJobAbort = (): void => {
    stop.abort()
  }
  c.signal.addEventListener('abort', onJobAbort, { once: true })
  if (c.signal.aborted) stop.abort()
  let cancelled = 0
  try {
    await Promise.all(
      pending.map(async i => {
        const t = targets[i] as Target
        const src = join(c.dir, t.path)
        const t0 = performance.now()
        c.log.line(`build ${t.path} ...`)
        try {
          const r = await c.builder.build(src, { signal: stop.signal, sourcePrefix: t.path })
          const stashed = await c.hoarder.stash(r.wasm)
          // One block per build, written at once: builds running side by side do not interleave inside it.
          const copies = stashed.replicas.length
          const stored = `  stored: ${r.wasm.byteLength} bytes, cid ${stashed.cid} on ${copies} hoarder(s)`
          c.log.line([`build ${t.path}: ok (${ms(t0)} ms)`, ...r.log.map(l => `  ${l}`), stored].join('\n'))
          out[i] = { t, cid: stashed.cid }
        } catch (err) {
          if (stop.signal.aborted && isAbort(err)) {
            cancelled++
            return
          }
          c.log.line(`build ${t.path}: failed (${ms(t0)} ms)`)
          failures.push({ t, err: await inRepository(err, src, t.path) })
          stop.abort()
        }
      })
    )
  } finally {
    c.signal.removeEventListener('abort', onJobAbort)
  }
  if (failures.length > 0 && cancelled > 0)
    c.log.line(`${cancelled} other build(s) cancelled: the job fails whatever they give`)
  return failures
}

/**
 * The job's error: one failure as it is; several in one message, a user error when any of them is the user's
 * (another attempt would fail again), else the first infrastructure failure, which is retried.
 */
function jobError(failures: Failure[]): unknown {
  const [first] = failures
  if (failures.length === 1 || first === undefined) return first?.err
  const user = failures.find(f => f.err instanceof DreamError && f.err.expose)
  if (user === undefined) return first.err
  const text = failures.map(f => `${f.t.path}:\n${errorMessage(f.err)}`).join('\n\n')
  const code = (user.err as DreamError).code
  return new DreamError(code, `${failures.length} builds failed:\n\n${text}`, { expose: true, cause: user.err })
}

function isAbort(err: unknown): boolean {
  return err instanceof DreamError && (err.code === 'BUILD_ABORTED' || err.code === 'BUILDER_STOPPED')
}

const ms = (t0: number): number => Math.round(performance.now() - t0)

async function isDir(p: string): Promise<boolean> {
  try {
    return (await stat(p)).isDirectory()
  } catch {
    return false
  }
}
