/**
 * Test helpers for the build pipeline (auth, patrick, monkey, tns, hoarder, fixtures, console): a console session
 * taken from a universe the way the daemon's `/console/:universe` makes one, clients on the `client` node, job
 * polling with deadlines (never sleeps), signed webhook posting, and a gate that holds a monkey's p2p dials so that
 * tests can decide when a job may finish.
 */
import { join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { FIXTURES } from '../../fixtures/index.js'
import { waitForJobs } from '../../fixtures/push.js'
import { Console, type FunctionView, type ProjectView } from '../../src/console/console.js'
import { sessionFor } from '../../src/console/for-universe.js'
import { signatures } from '../../src/githost/index.js'
import type { NodeEntry } from '../../src/p2p/directory.js'
import type { P2PNode } from '../../src/p2p/node.js'
import { PING } from '../../src/p2p/protocol.js'
import { AuthClient } from '../../src/services/auth/client.js'
import type { HookInfo, RepositoryInfo } from '../../src/services/auth/protocol.js'
import { callPeer } from '../../src/services/client.js'
import { HoarderClient } from '../../src/services/hoarder/client.js'
import { MonkeyClient } from '../../src/services/monkey/client.js'
import { PatrickClient } from '../../src/services/patrick/client.js'
import { isFinal, type Job } from '../../src/services/patrick/job.js'
import { TnsClient } from '../../src/services/tns/client.js'
import type { ServiceName } from '../../src/services/types.js'
import { fixtureContextOf } from '../../src/universe/fixture-context.js'
import type { Universe } from '../../src/universe/universe.js'
import { waitFor } from './universe.js'

/** A JSON reply as the tests read it: any shape, checked field by field by their assertions. */
// biome-ignore lint/suspicious/noExplicitAny: replies of every route are read through this one helper
type LooseJson = any

export { waitFor }

/** The package root (this file runs from dist/test/helpers/). */
const ROOT = resolve(fileURLToPath(new URL('.', import.meta.url)), '../../..')
/** test/data/pipeline/<name> */
export const pipelineData = (name: string): string => join(ROOT, 'test', 'data', 'pipeline', name)

/** The final states tests expect. */
export const FAILED = 'failed'
export const SUCCESS = 'succeeded'

/** Long enough for a cold AssemblyScript build and a retry on a busy 2-core machine; only a bound, never asserted. */
const JOB_DEADLINE_MS = 120_000

/** What `/console/:universe` hands the CLI, built from the universe directly. */
export const sessionOf = sessionFor

export async function consoleOf(u: Universe): Promise<Console> {
  return new Console(await sessionOf(u))
}

/** Typed clients on the universe's `client` node. */
export const tnsOf = (u: Universe): TnsClient => new TnsClient(u.clientNode(), u.directory)
export const hoarderOf = (u: Universe): HoarderClient => new HoarderClient(u.clientNode(), u.directory)
const authOf = (u: Universe): AuthClient => new AuthClient(u.clientNode(), u.directory)
const patrickOf = (u: Universe): PatrickClient => new PatrickClient(u.clientNode(), u.directory)
const monkeyOf = (u: Universe): MonkeyClient => new MonkeyClient(u.clientNode(), u.directory)

/** The directory entry of a live node. */
export function entryOf(u: Universe, peerId: string): NodeEntry {
  const entry = u.directory.get(peerId)
  if (entry === undefined) throw new Error(`${peerId} is not in the directory`)
  return entry
}

/** A stream ping of one service node (every protocol answers it), from the client node. */
export async function pingNode(u: Universe, e: NodeEntry): Promise<{ time: number }> {
  return await callPeer<{ time: number }>(u.clientNode(), e, e.role as ServiceName, PING)
}

/** Every job patrick knows (active and archived), optionally of one project. */
export async function allJobs(u: Universe, project?: string): Promise<Job[]> {
  return await patrickOf(u).jobs(project)
}

export async function jobInfo(u: Universe, id: string): Promise<Job> {
  return await patrickOf(u).job(id)
}

/** Waits until every given job is final (success, cancelled, or failed after its last attempt). */
export async function finalJobs(u: Universe, ids: string[]): Promise<Job[]> {
  return await waitForJobs({ patrick: patrickOf(u) }, ids, JOB_DEADLINE_MS)
}

/** Waits until patrick has a job for `commit` (of any repo), and returns it. */
export async function jobForCommit(u: Universe, commit: string, timeoutMs = 30_000): Promise<Job> {
  return await waitFor(
    `a job for commit ${commit.slice(0, 7)}`,
    async () => (await allJobs(u)).find(j => j.Meta.after === commit),
    { timeoutMs }
  )
}

/** Waits until no job of the universe is still open or running. */
export async function quiet(u: Universe): Promise<Job[]> {
  await u.git.idle()
  return await waitFor(
    'every job to be final',
    async () => {
      const jobs = await allJobs(u)
      return jobs.every(isFinal) ? jobs : false
    },
    { timeoutMs: JOB_DEADLINE_MS, intervalMs: 100 }
  )
}

/** The text of a job's log(s), read from hoarder by the CIDs in `Logs` (what `dream logs` shows). */
export async function jobLog(u: Universe, job: Job): Promise<string> {
  // The latest attempt's log is listed under the job id and under its time: read each log once.
  const cids = [...new Set(Object.values(job.Logs))]
  if (cids.length === 0) throw new Error(`job ${job.Id} has no log`)
  const h = hoarderOf(u)
  return (await Promise.all(cids.map(async cid => Buffer.from(await h.get(cid)).toString('utf8')))).join('\n')
}

/** Runs a push fixture with wait=true and returns the final jobs it queued. */
export async function runPush(
  u: Universe,
  fixture: 'push-all' | 'push-config' | 'push-code' | 'push-library' | 'push-specific',
  params: Record<string, string> = {}
): Promise<Job[]> {
  const f = FIXTURES[fixture]
  if (f === undefined) throw new Error(`no fixture ${fixture}`)
  const r = await f.run(fixtureContextOf(u), { ...params, wait: 'true' })
  const ids = (r.data as { jobs: string[] }).jobs
  return await Promise.all(ids.map(async id => await jobInfo(u, id)))
}

/** Runs a push fixture without waiting; returns the queued job ids. */
export async function queuePush(
  u: Universe,
  fixture: 'push-all' | 'push-config' | 'push-code' | 'push-library' | 'push-specific',
  params: Record<string, string> = {}
): Promise<string[]> {
  const f = FIXTURES[fixture]
  if (f === undefined) throw new Error(`no fixture ${fixture}`)
  return ((await f.run(fixtureContextOf(u), params)).data as { jobs: string[] }).jobs
}

/** A registered repository as auth knows it (hooks, deploy key, project). */
export async function authRepo(u: Universe, id: string): Promise<RepositoryInfo> {
  return await authOf(u).repository(id)
}
export async function authHook(u: Universe, hookId: string): Promise<HookInfo> {
  return await authOf(u).hook(hookId)
}

/** POSTs `body` to patrick's `/github/<hookId>` with the given headers (signatures computed by the caller). */
export async function postWebhook(
  u: Universe,
  hookId: string,
  body: string,
  headers: Record<string, string>
): Promise<{ status: number; json: LooseJson }> {
  const patrick = u.directory.byRole('patrick')[0]
  if (patrick === undefined) throw new Error('no patrick')
  const res = await fetch(`http://127.0.0.1:${patrick.ports.http}/github/${hookId}`, {
    method: 'POST',
    body,
    headers: { 'content-type': 'application/json', 'x-github-event': 'push', 'x-github-hook-id': hookId, ...headers }
  })
  const text = await res.text()
  return { status: res.status, json: text === '' ? undefined : JSON.parse(text) }
}

/** The push payload of a repository's head (as the git host would send it), with an explicit pushed_at. */
export async function headPayload(u: Universe, fullname: string, pushedAt: number): Promise<string> {
  const [owner = '', name = ''] = fullname.split('/')
  const repo = await u.git.getRepo(owner, name)
  if (repo === undefined) throw new Error(`no repo ${fullname}`)
  const payload = await u.git.headPayload(repo)
  ;(payload.repository as Record<string, unknown>).pushed_at = pushedAt
  return JSON.stringify(payload)
}

export function signed(body: string, secret: string): Record<string, string> {
  const s = signatures(body, secret)
  return { 'x-hub-signature': s.sha1, 'x-hub-signature-256': s.sha256 }
}

/** A project with the ping_pong function, created through the console as `dream new project/function` does. */
export interface PingPong {
  project: ProjectView
  fn: FunctionView
  console: Console
}
export async function pingPongProject(u: Universe, name: string, o: { private?: boolean } = {}): Promise<PingPong> {
  const c = await consoleOf(u)
  const project = await c.newProject(name, { private: o.private === true })
  const fn = await c.newFunction('ping_pong', { project: name, template: 'ping_pong', language: 'assemblyscript' })
  return { project, fn, console: c }
}

/** The function's id F, read back from the TNS wasm index link `branches/<b>/projects/<P>/functions/<F>`. */
export async function functionId(u: Universe, projectId: string, name: string): Promise<string> {
  const links = await tnsOf(u).fetch<string[]>(['wasm', 'project', projectId, 'modules', 'functions', name, 'links'])
  const link = Array.isArray(links) ? links[0] : undefined
  const id = link?.split('/').at(-1)
  if (id === undefined) throw new Error(`no wasm link for ${name} in project ${projectId}: ${JSON.stringify(links)}`)
  return id
}

/** The job ids a monkey node is running right now (its `job {action: list}`). */
export async function runningOn(u: Universe, monkeyPeerId: string): Promise<string[]> {
  return await monkeyOf(u).running(entryOf(u, monkeyPeerId))
}

/** How many job logs stored in hoarder belong to `jid`: each run of a job stores exactly one. */
export async function runsOf(u: Universe, jid: string): Promise<number> {
  const hoarder = u.directory.byRole('hoarder')[0]
  if (hoarder === undefined) throw new Error('no hoarder')
  const h = hoarderOf(u)
  const ids = await h.list(hoarder)
  let n = 0
  for (const cid of ids.filter(i => !i.startsWith('.'))) {
    const text = Buffer.from(await h.get(cid)).toString('utf8')
    if (text.includes(` job ${jid} (attempt `)) n++
  }
  return n
}

/**
 * Holds some p2p dials of a node until released: `closed` holds dials of the gated protocols (others pass),
 * `open` lets everything through, `broken` fails every dial (held ones too), as if the node had vanished from the
 * network. Lets a test keep a job running on a chosen monkey for as long as it needs, without sleeping.
 */
export class Gate {
  #state: 'closed' | 'open' | 'broken'
  #waiters: Array<{ resolve: () => void; reject: (e: Error) => void }> = []
  readonly protocols: readonly string[]
  held = 0

  constructor(protocols: readonly string[], state: 'closed' | 'open' = 'closed') {
    this.protocols = protocols
    this.#state = state
  }

  get state(): string {
    return this.#state
  }

  open(): void {
    this.#state = 'open'
    for (const w of this.#waiters.splice(0)) w.resolve()
  }
  break(): void {
    this.#state = 'broken'
    for (const w of this.#waiters.splice(0)) w.reject(new Error('gate broken: node is gone'))
  }

  async pass(protocol: string): Promise<void> {
    if (this.#state === 'broken') throw new Error('gate broken: node is gone')
    if (this.#state === 'open' || !this.protocols.includes(protocol)) return
    this.held++
    await new Promise<void>((resolve, reject) => {
      this.#waiters.push({ resolve, reject })
    })
  }
}

/** The same libp2p node, except that `dialProtocol` first passes `gate`. */
export function gatedNode(node: P2PNode, gate: Gate): P2PNode {
  const dial = async (target: unknown, protocol: string | string[], opts?: unknown): Promise<unknown> => {
    await gate.pass(Array.isArray(protocol) ? String(protocol[0]) : protocol)
    return (await Reflect.apply(node.dialProtocol, node, [target, protocol, opts])) as unknown
  }
  return new Proxy(node, {
    get(target, prop) {
      if (prop === 'dialProtocol') return dial
      const v = Reflect.get(target, prop, target) as unknown
      return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(target) : v
    }
  })
}
