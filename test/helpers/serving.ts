/**
 * Test helpers for serving: a universe with a project made through the Console, custom functions from
 * test/data/functions deployed by editing the project's repositories, pushes that wait for their jobs, HTTP
 * requests with any Host header (node:http: fetch drops Host) and DNS questions over UDP and TCP (dns2).
 */
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http'
import { readdir, readFile, rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import dns2 from 'dns2'
import { parse, stringify } from 'yaml'
import { Console, type FunctionView, type ProjectView } from '../../src/console/console.js'
import type { ConsoleSession } from '../../src/console/session.js'
import { editRepo } from '../../src/console/workspace.js'
import { FIXTURES } from '../../fixtures/index.js'
import { registeredRepos, waitForJobs } from '../../fixtures/push.js'
import { SubstrateClient } from '../../src/services/substrate/client.js'
import type { StatsReply } from '../../src/services/substrate/protocol.js'
import { fixtureContextOf } from '../../src/universe/fixture-context.js'
import type { Job } from '../../src/services/patrick/job.js'
import type { NodeEntry } from '../../src/p2p/directory.js'
import { sessionFor } from '../../src/console/for-universe.js'
import type { Universe } from '../../src/index.js'
import { ROOT } from '../vm/functions.js'

export async function consoleFor(u: Universe): Promise<{ session: ConsoleSession; console: Console }> {
  const session = await sessionFor(u)
  return { session, console: new Console(session) }
}

/** The first live node of `role`; throws when there is none. */
export function nodeOf(u: Universe, role: string): NodeEntry {
  const n = u.directory.byRole(role)[0]
  if (n === undefined) throw new Error(`no ${role} node runs in ${u.name}`)
  return n
}

export const httpPort = (u: Universe, role = 'substrate'): number => {
  const p = nodeOf(u, role).ports.http
  if (p === undefined) throw new Error(`${role} has no http port`)
  return p
}

export const dnsPort = (u: Universe): number => {
  const p = nodeOf(u, 'seer').ports.dns
  if (p === undefined) throw new Error('seer has no dns port')
  return p
}

export interface PushedJob {
  kind: string
  repo: string
  job: Job
}

/**
 * Runs the push-all fixture with wait (as `dream inject push-all --wait`) and returns the finished jobs with the
 * kind of repository each was for. Throws, with the failures' ids, unless every job succeeded.
 */
export async function pushAllAndWait(
  u: Universe,
  fixture = 'push-all',
  params: Record<string, string> = {}
): Promise<PushedJob[]> {
  const f = FIXTURES[fixture]
  if (f === undefined) throw new Error(`no fixture ${fixture}`)
  const ctx = fixtureContextOf(u)
  const r = await f.run(ctx, { ...params, wait: 'true' })
  const data = r.data as { jobs: string[]; failed: number }
  const jobs = await waitForJobs(ctx, data.jobs)
  if (data.failed !== 0) throw new Error(`${fixture}: ${data.failed} job(s) failed:\n${r.lines.join('\n')}`)
  // The fixture pushes registeredRepos in order (config repositories first): pair the jobs with them.
  const only = ({ 'push-code': 'code', 'push-config': 'config' } as Record<string, string | undefined>)[fixture]
  const repos = (await registeredRepos(ctx, params.project)).filter(x => only === undefined || x.kind === only)
  return jobs.map((job, i) => ({ kind: repos[i]?.kind ?? 'other', repo: repos[i]?.fullname ?? '', job }))
}

/** The job of the code repository among pushed jobs. */
export function codeJob(jobs: PushedJob[]): Job {
  const j = jobs.find(x => x.kind === 'code')
  if (j === undefined) throw new Error(`no code job among ${jobs.map(x => x.kind).join(', ')}`)
  return j.job
}

export interface CustomFunction {
  name: string
  timeout?: string
  memory?: string
  /** Where the source lives: test/data/functions (default) or test/data/serving. */
  data?: 'functions' | 'serving'
}

/**
 * Adds a function whose code is test/data/functions/<name> (or test/data/serving/<name>): created from the
 * ping_pong template through the Console (path /<name>), then its template source is replaced by the test source
 * in the code repository and its YAML (call, timeout, memory) changed in the config repository. Nothing is pushed
 * to patrick here.
 */
export async function addCustomFunction(
  c: Console,
  s: ConsoleSession,
  project: ProjectView,
  f: CustomFunction
): Promise<FunctionView> {
  const view = await c.newFunction(f.name, {
    project: project.name,
    template: 'ping_pong',
    language: 'assemblyscript',
    path: `/${f.name}`
  })
  await setFunctionYaml(s, project, f.name, y => {
    y.execution = {
      ...y.execution,
      call: f.name,
      ...(f.timeout !== undefined ? { timeout: f.timeout } : {}),
      ...(f.memory !== undefined ? { memory: f.memory } : {})
    }
  })
  const src = join(ROOT, 'test/data', f.data ?? 'functions', f.name)
  const files: Record<string, string> = {}
  for (const name of await readdir(src)) if (name.endsWith('.ts')) files[name] = await readFile(join(src, name), 'utf8')
  await setFunctionSource(s, project, f.name, files)
  return view
}

type FunctionYaml = { execution?: Record<string, unknown>; trigger?: Record<string, unknown> } & Record<string, unknown>

/** Edits functions/<name>.yaml in the config repository (clone, change, commit, push). Returns the commit. */
export async function setFunctionYaml(
  s: ConsoleSession,
  project: ProjectView,
  name: string,
  edit: (y: FunctionYaml) => void
): Promise<string> {
  return await editRepo(project.config.url, s, `function ${name}: execution`, async dir => {
    const file = join(dir, 'functions', `${name}.yaml`)
    const y = parse(await readFile(file, 'utf8')) as FunctionYaml
    edit(y)
    await writeFile(file, stringify(y))
  })
}

/**
 * Replaces the top-level `.ts` sources of functions/<name>/ in the code repository by `files` (the
 * `.taubyte/` folder stays). Returns the commit.
 */
export async function setFunctionSource(
  s: ConsoleSession,
  project: ProjectView,
  name: string,
  files: Record<string, string>
): Promise<string> {
  return await editRepo(project.code.url, s, `function ${name}: new source`, async dir => {
    const fdir = join(dir, 'functions', name)
    for (const f of await readdir(fdir)) if (f.endsWith('.ts')) await rm(join(fdir, f))
    for (const [f, text] of Object.entries(files)) await writeFile(join(fdir, f), text)
  })
}

export interface HttpResult {
  status: number
  headers: IncomingHttpHeaders
  body: string
}

/**
 * One HTTP request to 127.0.0.1:`port` with an explicit Host header (fetch would replace it), on a fresh
 * connection so nothing is left open when the universe stops.
 */
export async function hostRequest(
  port: number,
  host: string,
  path: string,
  o: { method?: string; body?: string | Buffer; headers?: Record<string, string>; timeoutMs?: number } = {}
): Promise<HttpResult> {
  return await new Promise<HttpResult>((resolve, reject) => {
    const body = o.body === undefined ? undefined : Buffer.isBuffer(o.body) ? o.body : Buffer.from(o.body)
    const req = httpRequest(
      {
        host: '127.0.0.1',
        port,
        path,
        method: o.method ?? 'GET',
        agent: false,
        headers: { host, ...(body !== undefined ? { 'content-length': String(body.length) } : {}), ...o.headers },
        timeout: o.timeoutMs ?? 60_000
      },
      res => {
        const chunks: Buffer[] = []
        res.on('data', (b: Buffer) => chunks.push(b))
        res.on('end', () => {
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') })
        })
        res.on('error', reject)
      }
    )
    req.on('timeout', () => {
      req.destroy(
        new Error(
          `no answer from 127.0.0.1:${port} (Host ${host}) ${o.method ?? 'GET'} ${path} ` +
            `within ${o.timeoutMs ?? 60_000} ms`
        )
      )
    })
    req.on('error', reject)
    req.end(body)
  })
}

/** Polls `GET path` with Host until the body is `expected`; returns that response. */
export async function waitForBody(
  port: number,
  host: string,
  path: string,
  expected: string,
  timeoutMs = 60_000
): Promise<HttpResult> {
  const deadline = Date.now() + timeoutMs
  let last: HttpResult | string = 'nothing yet'
  for (;;) {
    try {
      const r = await hostRequest(port, host, path, { timeoutMs: 15_000 })
      if (r.status === 200 && r.body === expected) return r
      last = r
    } catch (err) {
      last = (err as Error).message
    }
    if (Date.now() > deadline)
      throw new Error(
        `no ${JSON.stringify(expected)} from ${host}${path} within ${timeoutMs} ms; last: ${JSON.stringify(last)}`
      )
    await new Promise(resolve => setTimeout(resolve, 50))
  }
}

/** What the substrate keeps of function logs (its `logs` p2p command), asked through the client node. */
export async function functionLogs(u: Universe, fn?: string): Promise<Array<{ function: string; line: string }>> {
  return await new SubstrateClient(u.clientNode(), u.directory).logs(nodeOf(u, 'substrate'), fn)
}

/** The substrate's worker pool counters (its `stats` p2p command). */
export async function substrateStats(u: Universe): Promise<StatsReply> {
  return await new SubstrateClient(u.clientNode(), u.directory).stats(nodeOf(u, 'substrate'))
}

// dns2's typings describe its clients as static members of the default export.
const { UDPClient, TCPClient } = dns2 as unknown as {
  UDPClient: (o: { dns: string; port: number; timeout?: number; retryOverTCP?: boolean }) => Dns2Resolver
  TCPClient: (o: { dns: string; port: number }) => Dns2Resolver
}
type Dns2Resolver = (name: string, type?: string) => Promise<DnsReply>

export interface DnsReply {
  header: { aa: number; rcode: number }
  answers: Array<{ name: string; type: number; address?: string; data?: string | string[] }>
}

/** One DNS question to 127.0.0.1:`port` over UDP or TCP. */
export async function dnsQuery(
  port: number,
  name: string,
  type: 'A' | 'TXT' | 'AAAA',
  transport: 'udp' | 'tcp'
): Promise<DnsReply> {
  const resolve =
    transport === 'udp'
      ? UDPClient({ dns: '127.0.0.1', port, timeout: 10_000, retryOverTCP: false })
      : TCPClient({ dns: '127.0.0.1', port })
  return await resolve(name, type)
}

/** TXT answers as strings (dns2 decodes each record's character-strings as an array). */
export function txtStrings(r: DnsReply): string[] {
  return r.answers.flatMap(a =>
    Array.isArray(a.data) ? [a.data.join('')] : typeof a.data === 'string' ? [a.data] : []
  )
}
