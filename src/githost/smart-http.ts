/**
 * Git's smart HTTP protocol, served by git itself: `git upload-pack|receive-pack --stateless-rpc` with
 * the request body streamed in and stdout streamed out (what git-http-backend does, minus CGI).
 * Access is checked here; after a receive-pack the changed branches are handed to PushEvents, and the jobs the
 * webhooks queued are reported on the pushing terminal before the response ends (see sideband.ts).
 */
import type { IncomingMessage, ServerResponse } from 'node:http'
import { once } from 'node:events'
import type { Readable, Transform } from 'node:stream'
import { createGunzip } from 'node:zlib'
import { errorMessage } from '../shared/errors.js'
import type { Logger } from '../shared/log.js'
import { canRead, canWrite, type Principal } from './access.js'
import type { GitRunner } from './git-runner.js'
import { sendJson } from './http-util.js'
import type { RepoRecord } from './model.js'
import type { KeyedMutex } from './mutex.js'
import type { PushEvents } from './push-events.js'
import type { HostAdmin } from './host-admin.js'
import { branchHeads, diffHeads } from './repo-fs.js'
import { band2, HeldFlush, pushAnswer } from './sideband.js'
import type { Delivery, WebhookSender } from './webhooks.js'

export interface SmartHttpDeps {
  admin: HostAdmin
  git: GitRunner
  events: PushEvents
  sender: WebhookSender
  pushLock: KeyedMutex<number>
  log: Logger
  /** How long a push's answer waits for the webhook receivers to say which jobs they queued. */
  answerWaitMs: number
}

type Service = 'upload-pack' | 'receive-pack'
export interface GitRoute {
  owner: string
  name: string
  action: 'info/refs' | 'git-upload-pack' | 'git-receive-pack'
}

const ROUTE = /^\/([^/]+)\/([^/]+?)(?:\.git)?\/(info\/refs|git-upload-pack|git-receive-pack)$/

export function matchGitRoute(pathname: string): GitRoute | undefined {
  const m = ROUTE.exec(pathname)
  if (m === null) return undefined
  return {
    owner: decodeURIComponent(m[1] ?? ''),
    name: decodeURIComponent(m[2] ?? ''),
    action: m[3] as GitRoute['action']
  }
}

function pktLine(s: string): string {
  return (Buffer.byteLength(s) + 4).toString(16).padStart(4, '0') + s
}

const NO_CACHE = {
  'Cache-Control': 'no-cache, max-age=0, must-revalidate',
  Pragma: 'no-cache',
  Expires: 'Fri, 01 Jan 1980 00:00:00 GMT'
}

export async function handleGit(
  d: SmartHttpDeps,
  req: IncomingMessage,
  res: ServerResponse,
  route: GitRoute,
  query: URLSearchParams
): Promise<void> {
  const advertise = route.action === 'info/refs'
  const svcParam = advertise ? query.get('service') : route.action
  if (svcParam !== 'git-upload-pack' && svcParam !== 'git-receive-pack') {
    sendJson(res, 403, { message: 'Only the smart HTTP protocol is supported' })
    return
  }
  if (req.method !== (advertise ? 'GET' : 'POST')) {
    sendJson(res, 405, { message: 'Method Not Allowed' })
    return
  }
  const svc: Service = svcParam === 'git-upload-pack' ? 'upload-pack' : 'receive-pack'

  await d.admin.store.ready()
  const repo = d.admin.store.repo(route.owner, route.name)
  const who = d.admin.principal(req.headers.authorization)
  const allowed = repo !== undefined && (svc === 'receive-pack' ? canWrite(repo, who) : canRead(repo, who))
  if (!allowed) {
    refuse(res, repo, who)
    return
  }

  const env = protocolEnv(svc, req.headers['git-protocol'])
  if (advertise) {
    await advertiseRefs(d, res, repo, svc, env)
    return
  }
  if (svc === 'upload-pack') {
    await runRpc(d, req, res, repo, svc, env)
    endOnce(res)
    return
  }
  await d.pushLock.run(repo.id, async () => {
    await receivePack(d, req, res, repo, env, who)
  })
}

/**
 * 401 makes git retry with the URL's credentials (curl only sends them after a challenge); valid
 * credentials that do not reach the repo get 403 when they can at least read it, else 404 (do not leak it).
 */
function refuse(res: ServerResponse, repo: RepoRecord | undefined, who: Principal | undefined): void {
  if (who === undefined) {
    sendJson(res, 401, { message: 'Authentication required' }, { 'WWW-Authenticate': 'Basic realm="dream"' })
  } else if (repo !== undefined && canRead(repo, who)) {
    sendJson(res, 403, { message: 'Write access to repository not granted' })
  } else {
    sendJson(res, 404, { message: 'Repository not found' })
  }
}

/** Protocol v2 is passed to upload-pack; receive-pack has no v2, so that request is dropped (as git does). */
function protocolEnv(svc: Service, header: string | string[] | undefined): Record<string, string> {
  const value = Array.isArray(header) ? header.join(':') : header
  if (value === undefined || !/^[A-Za-z0-9=:._-]+$/.test(value)) return {}
  if (svc === 'receive-pack' && /version=2/.test(value)) return {}
  return { GIT_PROTOCOL: value }
}

async function advertiseRefs(
  d: SmartHttpDeps,
  res: ServerResponse,
  repo: RepoRecord,
  svc: Service,
  env: Record<string, string>
): Promise<void> {
  const child = d.git.spawn([svc, '--stateless-rpc', '--advertise-refs', d.admin.store.repoDir(repo.id)], env)
  child.stdin.end()
  await pipeChild(d.log, child, res, () => {
    res.writeHead(200, { 'Content-Type': `application/x-git-${svc}-advertisement`, ...NO_CACHE })
    // v2 replies start with "version 2" straight away; v0/v1 carry git-http-backend's service banner.
    if (env.GIT_PROTOCOL?.includes('version=2') !== true) res.write(`${pktLine(`# service=git-${svc}\n`)}0000`)
  })
  endOnce(res)
}

async function runRpc(
  d: SmartHttpDeps,
  req: IncomingMessage,
  res: ServerResponse,
  repo: RepoRecord,
  svc: Service,
  env: Record<string, string>,
  through?: Transform
): Promise<void> {
  const child = d.git.spawn([svc, '--stateless-rpc', d.admin.store.repoDir(repo.id)], env)
  const body = requestBody(req)
  body.on('error', err => {
    d.log.warn('git request body failed', { error: errorMessage(err) })
    child.kill('SIGKILL')
  })
  child.stdin.on('error', () => {
    /* git may exit before reading everything (EPIPE); its exit code tells */
  })
  body.pipe(child.stdin)
  await pipeChild(
    d.log,
    child,
    res,
    () => {
      res.writeHead(200, { 'Content-Type': `application/x-git-${svc}-result`, ...NO_CACHE })
    },
    through
  )
}

async function receivePack(
  d: SmartHttpDeps,
  req: IncomingMessage,
  res: ServerResponse,
  repo: RepoRecord,
  env: Record<string, string>,
  who: Principal | undefined
): Promise<void> {
  const dir = d.admin.store.repoDir(repo.id)
  const before = await branchHeads(d.git, dir)
  const held = new HeldFlush()
  await runRpc(d, req, res, repo, 'receive-pack', env, held)
  // git could not be started: the response is an error already and no ref has moved.
  if (res.writableEnded) return
  if (!held.readableEnded) await once(held, 'end').catch(() => {})
  const after = branchHeads(d.git, dir)
  const delivered = after.then(async heads => {
    const changes = diffHeads(before, heads)
    return changes.length > 0 ? await d.events.afterPush(repo, changes, before, who) : []
  })
  // Tracked, so that sender.idle() covers the delivery even when the answer below stops waiting for it.
  d.sender.track(delivered)
  if (held.canAnnounce && !res.writableEnded) {
    for (const text of pushAnswer(repo, await within(delivered, d.answerWaitMs))) res.write(band2(text))
  } else {
    // Keep the push lock until the "after" snapshot is taken.
    await after.catch(() => {})
  }
  if (!res.writableEnded) res.write(held.tail())
  endOnce(res)
}

/** The deliveries if they are done within `ms`, else none (they go on in the background). */
async function within(p: Promise<Delivery[]>, ms: number): Promise<Delivery[]> {
  let timer: NodeJS.Timeout | undefined
  const late = new Promise<Delivery[]>(resolve => {
    timer = setTimeout(() => {
      resolve([])
    }, ms)
  })
  try {
    return await Promise.race([p.catch(() => []), late])
  } finally {
    clearTimeout(timer)
  }
}

function endOnce(res: ServerResponse): void {
  if (!res.writableEnded) res.end()
}

function requestBody(req: IncomingMessage): Readable {
  const enc = String(req.headers['content-encoding'] ?? '').toLowerCase()
  return enc === 'gzip' || enc === 'x-gzip' ? req.pipe(createGunzip()) : req
}

/**
 * Streams the child's stdout into the response (without ending it: the caller decides when) and
 * resolves when the child has exited. Headers go out once git has actually started.
 */
function pipeChild(
  log: Logger,
  child: ReturnType<GitRunner['spawn']>,
  res: ServerResponse,
  head: () => void,
  through?: Transform
): Promise<void> {
  return new Promise(resolve => {
    const stderr: Buffer[] = []
    child.stderr.on('data', (b: Buffer) => stderr.push(b))
    child.once('spawn', () => {
      head()
      ;(through !== undefined ? child.stdout.pipe(through) : child.stdout).pipe(res, { end: false })
    })
    // The client went away: nobody will read git's output any more.
    res.once('close', () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL')
    })
    child.once('error', err => {
      log.error('cannot spawn git', { error: err.message })
      if (!res.headersSent) sendJson(res, 500, { message: 'git is not available' })
      resolve()
    })
    child.once('close', (code, signal) => {
      if (code !== 0)
        log.debug('git service exited', { code, signal, stderr: Buffer.concat(stderr).toString('utf8').trim() })
      resolve()
    })
  })
}
