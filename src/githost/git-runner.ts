/**
 * Spawns git (always asynchronously: the host lives in the same process as its tests and callers) and
 * remembers the children so that stop() can kill whatever is still running.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process'
import { DreamError } from '../shared/errors.js'

/** Variables that would point git somewhere else than the repo we name (e.g. when run from a git hook). */
const LEAKY = [
  'GIT_DIR',
  'GIT_WORK_TREE',
  'GIT_INDEX_FILE',
  'GIT_OBJECT_DIRECTORY',
  'GIT_ALTERNATE_OBJECT_DIRECTORIES',
  'GIT_PROTOCOL',
  'GIT_NAMESPACE',
  'GIT_CEILING_DIRECTORIES',
  'GIT_CONFIG_PARAMETERS',
  'GIT_CONFIG_COUNT'
]

export class GitRunner {
  readonly #children = new Set<ChildProcessWithoutNullStreams>()

  env(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
    const env: NodeJS.ProcessEnv = { ...process.env, GIT_TERMINAL_PROMPT: '0', ...extra }
    for (const k of LEAKY) if (!(k in extra)) delete env[k]
    return env
  }

  /** A streaming child (smart http); the caller wires stdin/stdout. */
  spawn(args: string[], extraEnv: Record<string, string> = {}): ChildProcessWithoutNullStreams {
    const child = spawn('git', args, { env: this.env(extraEnv), stdio: 'pipe' })
    this.#children.add(child)
    child.once('close', () => {
      this.#children.delete(child)
    })
    child.once('error', () => {
      this.#children.delete(child)
    })
    return child
  }

  /** Runs git to completion and returns stdout; rejects with stderr on a non-zero exit. */
  run(args: string[], o: { okCodes?: number[] } = {}): Promise<string> {
    return new Promise((resolve, reject) => {
      const child = this.spawn(args)
      const out: Buffer[] = []
      const err: Buffer[] = []
      child.stdout.on('data', (b: Buffer) => out.push(b))
      child.stderr.on('data', (b: Buffer) => err.push(b))
      child.stdin.end()
      child.once('error', e => {
        reject(new DreamError('GITHOST_GIT_SPAWN', `cannot run git: ${e.message}`, { cause: e }))
      })
      child.once('close', (code, signal) => {
        if (code !== null && (code === 0 || (o.okCodes ?? []).includes(code))) {
          resolve(Buffer.concat(out).toString('utf8'))
          return
        }
        const why = signal !== null ? `signal ${signal}` : `exit ${String(code)}`
        reject(
          new DreamError(
            'GITHOST_GIT_FAILED',
            `git ${args.join(' ')} failed (${why}): ${Buffer.concat(err).toString('utf8').trim()}`
          )
        )
      })
    })
  }

  killAll(): void {
    for (const c of this.#children) c.kill('SIGKILL')
    this.#children.clear()
  }
}
