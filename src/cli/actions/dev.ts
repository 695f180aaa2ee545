import { watch } from 'node:fs'
import { basename, join, resolve } from 'node:path'
import { Console } from '../../console/console.js'
import { type ConsoleSession, withCredentials } from '../../console/session.js'
import { DreamError, errorMessage, InvalidInputError } from '../../shared/errors.js'
import type { ApiClient } from '../api-client.js'
import { gitIn } from '../dev/git.js'
import { syncOnce } from '../dev/sync.js'
import { ensureClone, keepProjectId } from '../dev/workspace.js'
import { line, type Io } from '../output.js'

/** How long a burst of saves settles before it is committed (editors write several files, or one twice). */
const SETTLE_MS = 150

/**
 * `dream dev <folder>`: the folder's `config/` and `code/` are the project's two repositories (cloned there when
 * missing; plain trees are adopted). The project is created when it does not exist. Then every save is committed
 * and pushed, and the jobs' results and the curl lines are printed, until Ctrl-C.
 */
export async function dev(
  io: Io,
  api: ApiClient,
  folder: string,
  o: { universe: string; project?: string }
): Promise<number> {
  const root = resolve(folder)
  const name = o.project ?? basename(root)
  if (!/^[A-Za-z0-9_-]{1,50}$/.test(name)) {
    throw new InvalidInputError(
      'DEV_PROJECT_NAME',
      `"${name}" cannot be a project name; give one with --project <name>`
    )
  }
  const session = await api.get<ConsoleSession>(`/console/${encodeURIComponent(o.universe)}`)
  const c = new Console(session)
  const project = await c.project(name).catch(async (err: unknown) => {
    if (!(err instanceof DreamError && err.status === 404)) throw err
    const p = await c.newProject(name)
    line(io, `project ${p.name} created: ${p.id}`)
    return p
  })
  const git = (cwd: string) => gitIn(cwd, session.login)
  const branch = 'main'
  for (const kind of ['config', 'code'] as const) {
    const how = await ensureClone(join(root, kind), withCredentials(session, project[kind].url), branch, git)
    line(io, `${kind}: ${join(root, kind)} (${how})`)
  }
  if (await keepProjectId(join(root, 'config'), project.id))
    line(io, `config: config.yaml now carries the id ${project.id}`)

  const abort = new AbortController()
  const target = {
    io,
    api,
    universe: o.universe,
    project: project.name,
    branch,
    signal: abort.signal,
    repos: [
      { kind: 'config' as const, git: git(join(root, 'config')) },
      { kind: 'code' as const, git: git(join(root, 'code')) }
    ]
  }
  let running: Promise<void> | undefined
  let again = false
  const sync = (): void => {
    if (running !== undefined) {
      again = true
      return
    }
    running = (async () => {
      do {
        again = false
        try {
          await syncOnce(target)
        } catch (err) {
          if (abort.signal.aborted) return
          io.err.write(`${err instanceof DreamError ? err.message : errorMessage(err)}\n`)
        }
      } while (again && !abort.signal.aborted)
    })().finally(() => {
      running = undefined
    })
  }
  let timer: NodeJS.Timeout | undefined
  const watcher = watch(root, { recursive: true }, (_event, file) => {
    if (file !== null && /(^|[/\\])\.git([/\\]|$)/.test(file)) return
    clearTimeout(timer)
    timer = setTimeout(sync, SETTLE_MS)
  })
  const { promise: stopped, resolve: stop } = Promise.withResolvers<void>()
  const onSignal = (): void => {
    stop()
  }
  process.once('SIGINT', onSignal)
  process.once('SIGTERM', onSignal)
  try {
    sync()
    line(io, `watching ${root} (Ctrl-C stops)`)
    await stopped
  } finally {
    process.off('SIGINT', onSignal)
    process.off('SIGTERM', onSignal)
    watcher.close()
    clearTimeout(timer)
    abort.abort()
    await running
  }
  return 0
}
