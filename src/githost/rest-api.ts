/**
 * The GitHub-shaped REST API (same paths as api.github.com, also under /api/v3 like GitHub Enterprise,
 * which is where go-github's enterprise client points). Only what dreamland's services and tests use.
 */
import type { IncomingMessage, ServerResponse } from 'node:http'
import { DreamError, NotFoundError, UnauthorizedError } from '../shared/errors.js'
import { isOwner } from './access.js'
import { readJson, sendJson } from './http-util.js'
import { hookJson, keyJson, repoJson, userJson, type RepoRecord, type UserRecord } from './model.js'
import type { PushEvents } from './push-events.js'
import type { HostAdmin } from './host-admin.js'
import type { Delivery } from './webhooks.js'

export interface RestDeps {
  admin: HostAdmin
  events: PushEvents
  base: () => string
}

interface Ctx {
  d: RestDeps
  req: IncomingMessage
  res: ServerResponse
  p: string[]
  query: URLSearchParams
}
type Handler = (c: Ctx) => Promise<void>

const SEG = '([^/]+)'
const routes: Array<[string, RegExp, Handler]> = [
  [
    'GET',
    /^\/user$/,
    async c => {
      sendJson(c.res, 200, userJson(requireUser(c)))
    }
  ],
  [
    'GET',
    /^\/user\/repos$/,
    async c => {
      const u = requireUser(c)
      const mine = c.d.admin.store.repos.filter(r => isOwner(r, u))
      sendJson(
        c.res,
        200,
        mine.map(r => repoView(c, r))
      )
    }
  ],
  [
    'POST',
    /^\/user\/repos$/,
    async c => {
      const u = requireUser(c)
      const b = await readJson(c.req)
      const repo = await c.d.admin.createRepo(u, {
        name: String(b.name ?? ''),
        description: typeof b.description === 'string' ? b.description : null,
        private: b.private === true
      })
      sendJson(c.res, 201, repoView(c, repo))
    }
  ],
  [
    'GET',
    new RegExp(`^/users/${SEG}$`),
    async c => {
      const u = c.d.admin.store.user(c.p[0] ?? '')
      if (u === undefined) throw notFound()
      sendJson(c.res, 200, userJson(u))
    }
  ],
  [
    'GET',
    /^\/repositories\/(\d+)$/,
    async c => {
      const r = c.d.admin.store.repoById(Number(c.p[0]))
      if (r === undefined || !visible(c, r)) throw notFound()
      sendJson(c.res, 200, repoView(c, r))
    }
  ],
  [
    'GET',
    new RegExp(`^/repos/${SEG}/${SEG}$`),
    async c => {
      sendJson(c.res, 200, repoView(c, visibleRepo(c)))
    }
  ],
  [
    'DELETE',
    new RegExp(`^/repos/${SEG}/${SEG}$`),
    async c => {
      await c.d.admin.deleteRepo(adminRepo(c))
      sendJson(c.res, 204, null)
    }
  ],
  [
    'GET',
    new RegExp(`^/repos/${SEG}/${SEG}/hooks$`),
    async c => {
      const r = adminRepo(c)
      sendJson(
        c.res,
        200,
        c.d.admin.hooks(r).map(h => hookJson(h, c.d.base(), fullName(r)))
      )
    }
  ],
  [
    'POST',
    new RegExp(`^/repos/${SEG}/${SEG}/hooks$`),
    async c => {
      const r = adminRepo(c)
      const b = await readJson(c.req)
      const config = (typeof b.config === 'object' && b.config !== null ? b.config : {}) as Record<string, unknown>
      const h = await c.d.admin.addHook(r, {
        url: String(config.url ?? ''),
        secret: typeof config.secret === 'string' ? config.secret : '',
        contentType: config.content_type === 'form' ? 'form' : 'json',
        events: Array.isArray(b.events) ? (b.events as string[]) : undefined,
        active: b.active !== false
      })
      sendJson(c.res, 201, hookJson(h, c.d.base(), fullName(r)))
    }
  ],
  [
    'GET',
    new RegExp(`^/repos/${SEG}/${SEG}/hooks/(\\d+)$`),
    async c => {
      const r = adminRepo(c)
      sendJson(c.res, 200, hookJson(c.d.admin.hook(r, Number(c.p[2])), c.d.base(), fullName(r)))
    }
  ],
  [
    'DELETE',
    new RegExp(`^/repos/${SEG}/${SEG}/hooks/(\\d+)$`),
    async c => {
      await c.d.admin.deleteHook(adminRepo(c), Number(c.p[2]))
      sendJson(c.res, 204, null)
    }
  ],
  [
    'POST',
    new RegExp(`^/repos/${SEG}/${SEG}/hooks/(\\d+)/tests$`),
    async c => {
      const r = adminRepo(c)
      const hook = c.d.admin.hook(r, Number(c.p[2]))
      const b = await readJson(c.req)
      const branch = c.query.get('branch') ?? (typeof b.branch === 'string' ? b.branch : undefined)
      const delivery = await c.d.events.testHook(r, hook, branch)
      sendJson(c.res, 200, { delivery: deliveryJson(delivery) })
    }
  ],
  [
    'GET',
    new RegExp(`^/repos/${SEG}/${SEG}/keys$`),
    async c => {
      sendJson(c.res, 200, c.d.admin.keys(adminRepo(c)).map(keyJson))
    }
  ],
  [
    'POST',
    new RegExp(`^/repos/${SEG}/${SEG}/keys$`),
    async c => {
      const r = adminRepo(c)
      const b = await readJson(c.req)
      const k = await c.d.admin.addKey(r, {
        title: typeof b.title === 'string' ? b.title : undefined,
        key: String(b.key ?? ''),
        readOnly: b.read_only === true
      })
      sendJson(c.res, 201, keyJson(k))
    }
  ],
  [
    'GET',
    new RegExp(`^/repos/${SEG}/${SEG}/keys/(\\d+)$`),
    async c => {
      sendJson(c.res, 200, keyJson(c.d.admin.key(adminRepo(c), Number(c.p[2]))))
    }
  ],
  [
    'DELETE',
    new RegExp(`^/repos/${SEG}/${SEG}/keys/(\\d+)$`),
    async c => {
      await c.d.admin.deleteKey(adminRepo(c), Number(c.p[2]))
      sendJson(c.res, 204, null)
    }
  ]
]

/** Returns false when no route matches the path (the caller answers 404). */
export async function handleRest(
  d: RestDeps,
  req: IncomingMessage,
  res: ServerResponse,
  pathname: string,
  query: URLSearchParams
): Promise<boolean> {
  const path = pathname.replace(/^\/api\/v3(?=\/)/, '').replace(/\/+$/, '')
  let pathMatched = false
  for (const [method, re, handler] of routes) {
    const m = re.exec(path)
    if (m === null) continue
    pathMatched = true
    if (method !== req.method) continue
    await d.admin.store.ready()
    await handler({ d, req, res, p: m.slice(1).map(s => decodeURIComponent(s ?? '')), query })
    return true
  }
  if (pathMatched) {
    sendJson(res, 405, { message: 'Method Not Allowed' })
    return true
  }
  return false
}

function notFound(): DreamError {
  return new NotFoundError('GITHOST_NOT_FOUND', 'Not Found')
}

/** GitHub answers 401 "Bad credentials" for a wrong token even on endpoints that work anonymously. */
function optionalUser(c: Ctx): UserRecord | undefined {
  const header = c.req.headers.authorization
  if (header === undefined) return undefined
  const u = c.d.admin.authenticate(header)
  if (u === undefined) throw new UnauthorizedError('GITHOST_BAD_CREDENTIALS', 'Bad credentials')
  return u
}

function requireUser(c: Ctx): UserRecord {
  const u = optionalUser(c)
  if (u === undefined) throw new UnauthorizedError('GITHOST_AUTH_REQUIRED', 'Requires authentication')
  return u
}

function visible(c: Ctx, r: RepoRecord): boolean {
  return !r.private || isOwner(r, optionalUser(c))
}

function visibleRepo(c: Ctx): RepoRecord {
  const r = c.d.admin.store.repo(c.p[0] ?? '', c.p[1] ?? '')
  if (r === undefined || !visible(c, r)) throw notFound()
  return r
}

/** Hooks, keys and deletion are for the owner only (GitHub's admin rights). */
function adminRepo(c: Ctx): RepoRecord {
  const u = requireUser(c)
  const r = visibleRepo(c)
  if (!isOwner(r, u)) throw new DreamError('GITHOST_FORBIDDEN', 'Must have admin rights to Repository.')
  return r
}

function repoView(c: Ctx, r: RepoRecord): Record<string, unknown> {
  return repoJson(r, c.d.admin.ownerId(r), c.d.base())
}

function fullName(r: RepoRecord): string {
  return `${r.owner}/${r.name}`
}

function deliveryJson(d: Delivery): object {
  return {
    id: d.id,
    guid: d.id,
    hook_id: d.hookId,
    repository_id: d.repoId,
    event: d.event,
    action: null,
    status_code: d.status,
    status: d.error ?? (d.status >= 200 && d.status < 300 ? 'OK' : `HTTP ${d.status}`),
    delivered_at: new Date(d.at).toISOString(),
    duration: d.durationMs / 1000,
    response: d.response ?? null
  }
}
