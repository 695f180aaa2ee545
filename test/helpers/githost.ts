/** Test helpers for the git host: temp dirs, an isolated git CLI, a webhook receiver, polling. */
import { execFile } from 'node:child_process'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

/** A JSON reply as the tests read it: any shape, checked field by field by their assertions. */
// biome-ignore lint/suspicious/noExplicitAny: replies of every route are read through this one helper
type LooseJson = any

export async function tempDir(prefix = 'dream-githost-'): Promise<{ path: string; cleanup: () => Promise<void> }> {
  const path = await mkdtemp(join(tmpdir(), prefix))
  return {
    path,
    cleanup: async () => {
      await rm(path, { recursive: true, force: true })
    }
  }
}

export interface GitResult {
  code: number
  stdout: string
  stderr: string
}

/**
 * A git CLI with its own HOME and no system config, so nothing from the machine leaks into tests.
 * Always async: the server under test runs in this same process.
 */
export function isolatedGit(home: string): (args: string[], cwd?: string) => Promise<GitResult> {
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: home,
    XDG_CONFIG_HOME: join(home, '.config'),
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_TERMINAL_PROMPT: '0',
    GIT_ASKPASS: 'true',
    LANG: 'C'
  }
  return async (args, cwd) =>
    await new Promise(resolve => {
      execFile(
        'git',
        ['-c', 'user.name=t', '-c', 'user.email=t@t', '-c', 'init.defaultBranch=main', ...args],
        { cwd, env, maxBuffer: 64 << 20 },
        (err, stdout, stderr) => {
          const code =
            err === null ? 0 : typeof (err as { code?: unknown }).code === 'number' ? (err as { code: number }).code : 1
          resolve({ code, stdout, stderr })
        }
      )
    })
}

/** A new work tree at `work` with one commit (file `f` = "1"), pushed to `url` with `refspecs`; its head. */
export async function commitOneAndPush(
  git: ReturnType<typeof isolatedGit>,
  work: string,
  url: string,
  ...refspecs: string[]
): Promise<string> {
  await ok(git(['init', work]))
  await writeFile(join(work, 'f'), '1')
  await ok(git(['add', 'f'], work))
  await ok(git(['commit', '-m', 'one'], work))
  await ok(git(['push', url, ...refspecs], work))
  return (await ok(git(['rev-parse', 'HEAD'], work))).trim()
}

/** Throws with git's stderr when the command fails. */
export async function ok(p: Promise<GitResult>): Promise<string> {
  const r = await p
  if (r.code !== 0) throw new Error(`git failed (${r.code}): ${r.stderr}`)
  return r.stdout
}

export interface Received {
  headers: IncomingHttpHeaders
  body: string
}

/** A local webhook endpoint that records what it gets and answers with `reply` as JSON. */
export class HookReceiver {
  readonly received: Received[] = []
  readonly #server: Server
  readonly #reply: unknown
  #waiters: Array<() => void> = []

  constructor(reply: unknown = { ok: true }) {
    this.#reply = reply
    this.#server = createServer((req, res) => {
      const chunks: Buffer[] = []
      req.on('data', (b: Buffer) => chunks.push(b))
      req.on('end', () => {
        this.received.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8') })
        res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify(this.#reply))
        const w = this.#waiters
        this.#waiters = []
        for (const f of w) f()
      })
    })
  }

  async start(): Promise<string> {
    await new Promise<void>(resolve => this.#server.listen(0, '127.0.0.1', resolve))
    return `http://127.0.0.1:${(this.#server.address() as AddressInfo).port}/hook`
  }

  /** Resolves once `n` requests have arrived, or rejects after `timeoutMs`. */
  async waitFor(n: number, timeoutMs = 10_000): Promise<Received[]> {
    const deadline = Date.now() + timeoutMs
    while (this.received.length < n) {
      const left = deadline - Date.now()
      if (left <= 0) throw new Error(`expected ${n} webhook(s), got ${this.received.length}`)
      await new Promise<void>(resolve => {
        const t = setTimeout(resolve, left)
        this.#waiters.push(() => {
          clearTimeout(t)
          resolve()
        })
      })
    }
    return this.received.slice(0, n)
  }

  async stop(): Promise<void> {
    const closed = new Promise<void>(resolve =>
      this.#server.close(() => {
        resolve()
      })
    )
    // fetch keeps connections alive; do not wait for them to time out.
    this.#server.closeAllConnections()
    await closed
  }
}

/** Calls the host's REST API with a token; returns status and parsed JSON (undefined when empty). */
export async function api(
  base: string,
  method: string,
  path: string,
  token?: string,
  body?: unknown
): Promise<{ status: number; json: LooseJson }> {
  const headers: Record<string, string> = { Accept: 'application/vnd.github+json' }
  if (token !== undefined) headers.Authorization = `token ${token}`
  if (body !== undefined) headers['Content-Type'] = 'application/json'
  const res = await fetch(base + path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) })
  const text = await res.text()
  return { status: res.status, json: text === '' ? undefined : JSON.parse(text) }
}
