/**
 * How substrate answers an HTTP request for a function. Each request is routed by Host, path and method through
 * TNS, its wasm is fetched from hoarder and compiled once, and the call runs inline under a fuel budget or in a
 * worker pool under the function's timeout and memory cap. Responses say which node, commit and build answered.
 * A route once resolved is hot (until a newer TNS version is seen): a bodiless request to it is answered by
 * `front`, before fastify, on the same tick. A request no function serves may be a website's
 * (websites/website.ts).
 */
import type { IncomingMessage, ServerResponse } from 'node:http'
import type { Logger } from '../../../shared/log.js'
import { DreamError, errorMessage } from '../../../shared/errors.js'
import type { HttpRequestData, InlineRunner, InvokeRequest, InvokeResult, WasmRuntime } from '../../../vm/index.js'
import type { TnsClient } from '../../tns/client.js'
import { scopeHash } from '../pubsub/topic.js'
import type { WebsiteServer } from '../websites/website.js'
import type { FunctionLogs } from './function-logs.js'
import type { HotRoute, HotRoutes } from './hot-routes.js'
import { libraryIdOf, libraryNotBuilt } from './library-source.js'
import type { CompiledFunction, ModuleCache } from './modules.js'
import type { PrepareAhead } from './prepare-ahead.js'
import { sendFunctionResponse, sendText, type HeaderList } from './respond.js'
import type { FunctionRouter, Match } from './router.js'
import { SUBSTRATE_DEFAULTS } from '../settings.js'

export interface FunctionRequestsParts {
  tns: Pick<TnsClient, 'fetch'>
  router: Pick<FunctionRouter, 'match' | 'routesOf' | 'isCurrent'>
  modules: Pick<ModuleCache, 'get'>
  inline: InlineRunner
  runtime: Pick<WasmRuntime, 'invoke'>
  prepare: Pick<PrepareAhead, 'served'>
  websites: Pick<WebsiteServer, 'serve'>
  hot: HotRoutes
  logs: Pick<FunctionLogs, 'record'>
  log: Logger
  /** The head of every answer: which node it came from. */
  nodeHead: HeaderList
  /** What answers the host calls of a function run here. */
  host: (fn: Match['fn']) => InvokeRequest['host']
  /** The most bytes a function may write as its response body. */
  responseLimit: number
  /** Scopes whose hash is kept at once (the map starts over past it); default: the substrate's `scopeHashes`. */
  scopeHashes?: number
  /**
   * Lookups of one request when newer TNS versions keep overtaking the one it was routed at; default: the
   * substrate's `routeAttempts`.
   */
  routeAttempts?: number
}

export class FunctionRequests {
  readonly #o: FunctionRequestsParts
  /** Project and application ids → the hash naming their channels (a sha256 in base58: too dear for every request). */
  readonly #scopeHashes = new Map<string, string>()

  constructor(o: FunctionRequestsParts) {
    this.#o = o
  }

  /**
   * Ahead of fastify: a bodiless request to a hot route whose call completes inline is answered on this tick,
   * without fastify's per-request work (most of such a request's cost). Anything else goes on to fastify.
   */
  readonly front = (req: IncomingMessage, res: ServerResponse): boolean => {
    const h = req.headers
    if (h['transfer-encoding'] !== undefined || (h['content-length'] !== undefined && h['content-length'] !== '0'))
      return false
    return this.#serveHot(req, res, parseRequest(req), EMPTY_BODY)
  }

  /** Requests `front` did not answer (a body, a route not hot yet, a call for the worker pool). */
  readonly serve = (req: IncomingMessage, res: ServerResponse, raw: Uint8Array | undefined): void => {
    const body = raw ?? EMPTY_BODY
    const r = parseRequest(req)
    try {
      if (this.#serveHot(req, res, r, body)) return
    } catch (err) {
      this.#broken(res, err)
      return
    }
    this.#serveAsync(req, res, r, body).catch(err => {
      this.#broken(res, err)
    })
  }

  /** Answers from the hot cache when the route is there and its call completes inline; false otherwise. */
  #serveHot(req: IncomingMessage, res: ServerResponse, r: ParsedRequest, body: Uint8Array): boolean {
    const hot = this.#o.hot.get(hotKey(req, r))
    if (hot?.compiled.inline === undefined) return false
    const out = this.#o.inline.run(
      hot.key,
      hot.compiled.inline,
      hot.match.fn.call,
      toHttp(req, r, body, this.#o.responseLimit),
      hot.match.fn.memory
    )
    if (out === undefined) return false
    this.#send(res, hot.match, hot.head, out)
    return true
  }

  async #serveAsync(req: IncomingMessage, res: ServerResponse, r: ParsedRequest, body: Uint8Array): Promise<void> {
    const routed = await this.#route(req, res, r)
    if (routed === undefined) return
    const { match, compiled, key, head } = routed
    const { fn } = match
    try {
      const http = toHttp(req, r, body, this.#o.responseLimit)
      // Quick functions run inline under a fuel budget; anything else (or anything that goes wrong inline)
      // runs in the worker pool under the function's timeout.
      const out =
        (compiled.inline === undefined
          ? undefined
          : this.#o.inline.run(key, compiled.inline, fn.call, http, fn.memory)) ??
        (await this.#o.runtime.invoke({
          key,
          module: compiled.worker,
          call: fn.call,
          timeoutMs: Math.max(1, Math.round(fn.timeout / 1e6)),
          memoryBytes: fn.memory,
          name: fn.name,
          http,
          host: this.#o.host(fn),
          scope: {
            project: fn.project,
            application: fn.application,
            function: fn.id,
            hash: this.#scopeHashOf(fn.project, fn.application)
          }
        }))
      this.#send(res, match, head, out)
    } catch (err) {
      this.#failed(res, head, fn, err)
    }
  }

  #scopeHashOf(project: string, application: string): string {
    const key = `${project}/${application}`
    let hash = this.#scopeHashes.get(key)
    if (hash === undefined) {
      if (this.#scopeHashes.size >= (this.#o.scopeHashes ?? SUBSTRATE_DEFAULTS.scopeHashes)) this.#scopeHashes.clear()
      hash = scopeHash(project, application)
      this.#scopeHashes.set(key, hash)
    }
    return hash
  }

  /** A website's answer when one of the host covers the path; false when none does (nothing sent then). */
  async #serveWebsite(req: IncomingMessage, res: ServerResponse, r: ParsedRequest): Promise<boolean> {
    const { nodeHead } = this.#o
    try {
      return await this.#o.websites.serve(req, res, r, nodeHead)
    } catch (err) {
      sendText(res, 502, nodeHead, `looking up websites of ${r.host}${r.path} failed: ${errorMessage(err)}\n`)
      return true
    }
  }

  /**
   * The request's function, compiled, and made hot; undefined when an answer was already sent (no such route,
   * no build yet, a lookup or load that failed). A route whose TNS version was overtaken while its module
   * loaded is looked up again, so that an answer never comes from a tree older than one this substrate has
   * already answered from; past `routeAttempts` lookups the answer is 502 TNS_MOVING. Only a route at the newest
   * version seen is made hot.
   */
  async #route(req: IncomingMessage, res: ServerResponse, r: ParsedRequest): Promise<HotRoute | undefined> {
    const { router, nodeHead } = this.#o
    const attempts = this.#o.routeAttempts ?? SUBSTRATE_DEFAULTS.routeAttempts
    const method = req.method ?? 'GET'
    const path = decodedPath(r.path)
    if (path === undefined) {
      sendText(res, 400, nodeHead, `the path ${r.path} has a malformed percent escape (use %XX, XX hex)\n`)
      return undefined
    }
    for (let attempt = 1; ; attempt++) {
      let match: Match | undefined
      try {
        match = await router.match(r.host, path, method)
      } catch (err) {
        sendText(res, 502, nodeHead, `looking up ${method} ${r.host}${r.path} failed: ${errorMessage(err)}\n`)
        return undefined
      }
      if (match === undefined) {
        // No function serves it: a website of the host may (tau ranks both at once; see the README's differences).
        if (await this.#serveWebsite(req, res, r)) return undefined
        const served = await router.routesOf(r.host).catch(() => [])
        const hint = served.length > 0 ? `; ${r.host} serves: ${served.join(', ')}` : ''
        const what = `${method} http://${r.host}${r.path} (host "${r.host}", method ${method}, path ${r.path})`
        sendText(res, 404, nodeHead, `no function serves ${what}${hint}\n`)
        return undefined
      }
      const { fn, cid } = match
      this.#o.prepare.served(r.host)
      const head = provenance(nodeHead, match)
      if (cid === null) {
        const library = libraryIdOf(fn.source)
        sendText(
          res,
          503,
          head,
          library !== undefined
            ? await libraryNotBuilt(this.#o.tns, fn, library)
            : `function ${fn.name} has no build yet for commit ${fn.commit.slice(0, 7)}; ` +
                'wait for its code job (`dream builds`)\n'
        )
        return undefined
      }
      let compiled: CompiledFunction
      try {
        compiled = await this.#o.modules.get(cid, fn.memory, fn.name)
      } catch (err) {
        this.#failed(res, head, fn, err)
        return undefined
      }
      const route = { match, compiled, key: `${fn.id}:${cid}:${fn.memory}`, head }
      if (!router.isCurrent(match.version)) {
        if (attempt < attempts) continue
        // Serving this route would answer from a tree older than one already answered from: the caller retries.
        const moving = new DreamError(
          'TNS_MOVING',
          `${method} ${r.host}${r.path}: newer publishes overtook its route during each of ${attempts} ` +
            'lookups; try again'
        )
        sendText(res, moving.status, head, `${moving.message}\n`)
        return undefined
      }
      this.#o.hot.set(hotKey(req, r), route)
      return route
    }
  }

  /** A call or module load that failed: its failureStatus, and a line in the function's log. */
  #failed(res: ServerResponse, head: HeaderList, fn: Match['fn'], err: unknown): void {
    this.#o.logs.record(fn.name, fn.project, [`error: ${errorMessage(err)}`])
    sendText(res, failureStatus(err), head, `${errorMessage(err)}\n`)
  }

  /** Whatever went wrong outside a call's own error handling: an answer if nothing was sent, else a cut connection. */
  #broken(res: ServerResponse, err: unknown): void {
    this.#o.log.warn(`serving a request failed: ${errorMessage(err)}`)
    if (res.headersSent) res.destroy()
    else
      sendText(
        res,
        failureStatus(err),
        this.#o.nodeHead,
        `substrate failed to serve this request: ${errorMessage(err)}\n`
      )
  }

  #send(res: ServerResponse, match: Match, head: HeaderList, out: InvokeResult): void {
    if (out.logs.length > 0) this.#o.logs.record(match.fn.name, match.fn.project, out.logs)
    sendFunctionResponse(res, match.fn.name, out, head)
  }
}

interface ParsedRequest {
  host: string
  path: string
  rawQuery: string
}

const EMPTY_BODY = new Uint8Array(0)

function parseRequest(req: IncomingMessage): ParsedRequest {
  const url = req.url ?? '/'
  const q = url.indexOf('?')
  return {
    host: hostName(req.headers.host ?? ''),
    path: q < 0 ? url : url.slice(0, q),
    rawQuery: q < 0 ? '' : url.slice(q + 1)
  }
}

/**
 * A failed call's status: its error's when that is a server-side one (504 for a timeout, 503 while the runtime
 * stops, 502 for a peer that did not answer), else 500: the caller's request was not what failed.
 */
function failureStatus(err: unknown): number {
  return err instanceof DreamError && err.status >= 500 ? err.status : 500
}

/** The path with its percent escapes decoded; undefined when one is malformed (the caller's mistake: a 400). */
function decodedPath(path: string): string | undefined {
  try {
    return decodeURIComponent(path)
  } catch {
    return undefined
  }
}

/** The Host header without its port, lower-cased. */
function hostName(host: string): string {
  const h = host.toLowerCase()
  return h.includes(':') ? h.replace(/:\d+$/, '') : h
}

function toHttp(req: IncomingMessage, r: ParsedRequest, body: Uint8Array, responseLimit: number): HttpRequestData {
  return {
    method: req.method ?? 'GET',
    host: r.host,
    path: r.path,
    rawQuery: r.rawQuery,
    headers: req.headers,
    userAgent: req.headers['user-agent'] ?? '',
    body,
    responseLimit
  }
}

/** `METHOD host/path`: a route's key in the hot cache. */
function hotKey(req: IncomingMessage, r: ParsedRequest): string {
  return `${req.method ?? 'GET'} ${r.host}${r.path}`
}

/** Which node, commit and build answered: the head of every response to a routed request. */
function provenance(node: HeaderList, m: Match): HeaderList {
  const head = [...node, 'x-dream-commit', m.build?.commit ?? m.fn.commit, 'x-dream-config-commit', m.fn.commit]
  if (m.build !== null) head.push('x-dream-job', m.build.job)
  return head
}
