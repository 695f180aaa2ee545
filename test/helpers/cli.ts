/**
 * Test helpers for the built `dream` executable: run `node bin/dream.js ...` with a temporary HOME, NO_COLOR=1 and a
 * free control API port (DREAM_API_PORT), wait for an output line with a deadline, and stop with SIGTERM.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { freePort } from './universe.js'

/** The repository root (this file runs from dist/test/helpers/). */
const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url))
/** The `dream` executable as npm installs it. */
export const DREAM_BIN = join(REPO_ROOT, 'bin', 'dream.js')

export interface Exit {
  code: number | null
  signal: NodeJS.Signals | null
}
export interface RunResult extends Exit {
  stdout: string
  stderr: string
}

export interface DreamOptions {
  /** Control API port put in DREAM_API_PORT; omitted: none is set (the CLI's default applies). */
  apiPort?: number
  /** HOME for the child; omitted: a fresh temporary directory, removed when the process has exited. */
  home?: string
  /** Extra environment (undefined values remove a variable). */
  env?: Record<string, string | undefined>
}

/** A temporary HOME and a free API port, for a group of commands that talk to one daemon. */
export async function dreamEnv(): Promise<{ home: string; apiPort: number; cleanup: () => Promise<void> }> {
  const home = await mkdtemp(join(tmpdir(), 'dream-home-'))
  return {
    home,
    apiPort: await freePort(),
    cleanup: async () => {
      await rm(home, { recursive: true, force: true })
    }
  }
}

function childEnv(home: string, o: DreamOptions): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, HOME: home, NO_COLOR: '1' }
  // Nothing from the caller's shell may change what the child prints or where it listens.
  for (const k of ['DREAM_API_PORT', 'DREAM_LOG', 'FORCE_COLOR', 'NODE_OPTIONS', 'NODE_TEST_CONTEXT']) delete env[k]
  if (o.apiPort !== undefined) env.DREAM_API_PORT = String(o.apiPort)
  for (const [k, v] of Object.entries(o.env ?? {})) {
    if (v === undefined) delete env[k]
    else env[k] = v
  }
  return env
}

/** A running `dream` process whose output is collected as it comes. */
export class DreamProcess {
  readonly child: ChildProcess
  readonly args: readonly string[]
  readonly exited: Promise<Exit>
  stdout = ''
  stderr = ''
  #exit: Exit | undefined
  #listeners = new Set<() => void>()

  private constructor(args: readonly string[], env: NodeJS.ProcessEnv, cleanup: () => Promise<void>) {
    this.args = args
    this.child = spawn(process.execPath, [DREAM_BIN, ...args], {
      cwd: REPO_ROOT,
      env,
      stdio: ['ignore', 'pipe', 'pipe']
    })
    this.child.stdout?.setEncoding('utf8').on('data', (d: string) => {
      this.stdout += d
      this.#notify()
    })
    this.child.stderr?.setEncoding('utf8').on('data', (d: string) => {
      this.stderr += d
      this.#notify()
    })
    this.exited = new Promise<Exit>(resolve => {
      // 'close' (not 'exit'): every byte of stdout and stderr has been read by then.
      this.child.once('close', (code, signal) => {
        this.#exit = { code, signal }
        this.#notify()
        resolve(this.#exit)
      })
      this.child.once('error', err => {
        this.stderr += `spawn failed: ${err.message}\n`
        this.#exit ??= { code: null, signal: null }
        this.#notify()
        resolve(this.#exit)
      })
    }).then(async exit => {
      await cleanup().catch(() => {})
      return exit
    })
  }

  /** Spawns `node bin/dream.js <args>`. */
  static async start(args: readonly string[], o: DreamOptions = {}): Promise<DreamProcess> {
    let home = o.home
    let cleanup = async (): Promise<void> => {}
    if (home === undefined) {
      const dir = await mkdtemp(join(tmpdir(), 'dream-home-'))
      home = dir
      cleanup = async () => {
        await rm(dir, { recursive: true, force: true })
      }
    }
    return new DreamProcess(args, childEnv(home, o), cleanup)
  }

  get pid(): number | undefined {
    return this.child.pid
  }
  get exit(): Exit | undefined {
    return this.#exit
  }

  /** Complete stdout lines so far. */
  lines(): string[] {
    const parts = this.stdout.split('\n')
    parts.pop()
    return parts
  }

  #notify(): void {
    for (const l of [...this.#listeners]) l()
  }

  /** Resolves with the first complete stdout line equal to (string) or matching (RegExp) `match`. */
  async waitForLine(match: string | RegExp, timeoutMs = 30_000): Promise<string> {
    const test = (l: string): boolean => (typeof match === 'string' ? l === match : match.test(l))
    return await new Promise<string>((resolve, reject) => {
      const check = (): void => {
        const found = this.lines().find(test)
        if (found !== undefined) {
          done()
          resolve(found)
          return
        }
        if (this.#exit !== undefined) {
          done()
          reject(
            new Error(
              `dream ${this.args.join(' ')} exited (${JSON.stringify(this.#exit)}) ` +
                `before printing ${String(match)}\n${this.describe()}`
            )
          )
        }
      }
      const timer = setTimeout(() => {
        done()
        reject(new Error(`no line ${String(match)} within ${timeoutMs} ms\n${this.describe()}`))
      }, timeoutMs)
      const done = (): void => {
        clearTimeout(timer)
        this.#listeners.delete(check)
      }
      this.#listeners.add(check)
      check()
    })
  }

  /** Waits for the process to end by itself (bounded); kills it and throws when it does not. */
  async wait(timeoutMs = 30_000): Promise<Exit> {
    let timer: NodeJS.Timeout | undefined
    const deadline = new Promise<'timeout'>(resolve => {
      timer = setTimeout(() => {
        resolve('timeout')
      }, timeoutMs)
    })
    const r = await Promise.race([this.exited, deadline])
    clearTimeout(timer)
    if (r === 'timeout') {
      this.child.kill('SIGKILL')
      await this.exited
      throw new Error(`dream ${this.args.join(' ')} did not exit within ${timeoutMs} ms (killed)\n${this.describe()}`)
    }
    return r
  }

  /** Sends `signal` (SIGTERM) unless it has already exited, and awaits the exit (bounded, then SIGKILL). */
  async stop(signal: NodeJS.Signals = 'SIGTERM', timeoutMs = 30_000): Promise<Exit> {
    if (this.#exit === undefined) this.child.kill(signal)
    return await this.wait(timeoutMs)
  }

  describe(): string {
    return `--- stdout ---\n${this.stdout}--- stderr ---\n${this.stderr}--------------`
  }
}

/** Runs `dream <args>` to completion (bounded) and returns its exit and output. */
export async function runDream(
  args: readonly string[],
  o: DreamOptions & { timeoutMs?: number } = {}
): Promise<RunResult> {
  const p = await DreamProcess.start(args, o)
  const exit = await p.wait(o.timeoutMs ?? 60_000)
  return { ...exit, stdout: p.stdout, stderr: p.stderr }
}

/** Starts `dream new multiverse <extra>` in the background and resolves once it printed the `[SUCCESS]` line. */
export async function startMultiverse(
  o: DreamOptions & { args?: string[]; timeoutMs?: number } = {}
): Promise<DreamProcess> {
  const p = await DreamProcess.start(['new', 'multiverse', ...(o.args ?? [])], o)
  try {
    await p.waitForLine(/^\[SUCCESS\] Universe \S+ started!$/, o.timeoutMs ?? 60_000)
  } catch (err) {
    await p.stop('SIGKILL').catch(() => {})
    throw err
  }
  return p
}

/** One key/value row of a status table, with the node it belongs to (merged cells carried down). */
export interface TableRow {
  node: string
  key: string
  value: string
}

/**
 * Reads a `dream status` table (universe: Nodes | role@universe | key | value; service: role@universe | key | value)
 * back into rows, checking the box structure as it goes: every content line has the same number of cells.
 */
export function parseStatusTable(text: string): TableRow[] {
  // Content lines start with │ and hold no ─ (that is a separator under a merged cell).
  const lines = text.split('\n').filter(l => l.startsWith('│') && !l.includes('─'))
  const rows: TableRow[] = []
  let node = ''
  let width: number | undefined
  for (const l of lines) {
    const cells = l
      .split('│')
      .slice(1, -1)
      .map(c => c.trim())
    width ??= cells.length
    if (cells.length !== width) throw new Error(`table line has ${cells.length} cells, not ${width}: ${l}`)
    const [name, key, value] = cells.slice(-3)
    if (name === undefined || key === undefined || value === undefined) throw new Error(`short table line: ${l}`)
    if (name !== '') node = name
    rows.push({ node, key, value })
  }
  return rows
}

/** Table rows grouped as node → { key: number }, in table order. */
export function tableValues(rows: TableRow[]): Map<string, Record<string, number>> {
  const m = new Map<string, Record<string, number>>()
  for (const r of rows) m.set(r.node, { ...m.get(r.node), [r.key]: Number(r.value) })
  return m
}

/** What `script` (from `dream completion bash`) offers when Tab is pressed after `words` (the last: being typed). */
export async function bashCompletes(script: string, ...words: string[]): Promise<string[]> {
  const line = `COMP_WORDS=(${words.map(w => `'${w}'`).join(' ')}); COMP_CWORD=${words.length - 1}`
  const out = await new Promise<string>((resolve, reject) => {
    execFile('bash', ['-c', `${script}\n${line}; _dream_complete; echo "\${COMPREPLY[*]}"`], (err, stdout, stderr) => {
      if (err !== null) reject(new Error(`${err.message}\n${stderr}`))
      else resolve(stdout)
    })
  })
  return out.trim().split(' ')
}
