import type { FastifyInstance } from 'fastify'
import type { IncomingMessage, ServerResponse } from 'node:http'
import { join } from 'node:path'
import { BaseService } from '../base.js'
import { commands, type Commands } from '../../p2p/commands.js'
import { DreamError, errorMessage } from '../../shared/errors.js'
import {
  DEFAULT_RESPONSE_BYTES,
  InlineRunner,
  WasmRuntime,
  type HttpRequestData,
  type InvokeResult
} from '../../vm/index.js'
import { HoarderClient } from '../hoarder/client.js'
import { TnsClient } from '../tns/client.js'
import type { ServiceComponents } from '../types.js'
import { FunctionDatabases } from './databases.js'
import { DatabaseReplicas } from './database-replicas.js'
import { FunctionStorages } from './storages.js'
import { FunctionGlobals } from './globals.js'
import { FunctionDns } from './dns-lookups.js'
import { FunctionChannels } from './pubsub/function-channels.js'
import { functionHost, type FunctionHostParts } from './function-host.js'
import { functionSelf } from './function-self.js'
import { libraryIdOf, libraryNotBuilt } from './library-source.js'
import { ModuleBytes } from './module-bytes.js'
import { ModuleCache, type CompiledFunction } from './modules.js'
import { SubstrateBodies, SubstrateCommand, type FunctionLogLine, type StatsReply } from './protocol.js'
import { sendFunctionResponse, sendText, type HeaderList } from './respond.js'
import { OutboundHttp } from './outbound-http.js'
import { FunctionRouter, type Match } from './router.js'
import { functionRoutes } from './routes.js'
import { functionHosts, PrepareAhead } from './prepare-ahead.js'
import { TnsWatch } from './tns-watch.js'
import { WebsiteServer } from './website.js'
import { Channels } from './pubsub/channels.js'
import { scopeHash } from './pubsub/topic.js'
import { PubsubTriggers } from './pubsub/triggers.js'
import { triggeredRunner } from './pubsub/run-triggered.js'
import { P2PCalls } from './p2p/calls.js'
import { P2PLookup } from './p2p/lookup.js'
import { SubstrateClient } from './client.js'

/** Function log lines kept per substrate for `dream logs --function`. */
const KEEP_LOGS = 500
/** Routes kept in the hot cache before it is emptied. */
const HOT_ROUTES = 4096
/** Scopes whose hash is kept at once (the map starts over past it). */
const MAX_SCOPE_HASHES = 4096
/** Worker threads running calls: a function that loops ties up one until its timeout, not the node. */
const WORKERS = 3
/**
 * Warm instances (inline here, and whole workers in the pool) unused this long are released: a Go function's
 * instance holds megabytes, and recreating one costs its start-up (a millisecond or so), not a compile.
 */
const IDLE_MS = 10_000
/** Lookups of one request when newer TNS versions keep overtaking the one it was routed at. */
const ROUTE_ATTEMPTS = 3

/** A route resolved and compiled, with its response head. */
interface HotRoute {
  match: Match
  compiled: CompiledFunction
  key: string
  head: HeaderList
}

export interface SubstrateOptions {
  /** The most bytes a function may write as its response body (the vm's DEFAULT_RESPONSE_BYTES, 64 MiB). */
  maxResponseBytes?: number
}

export type SubstrateComponents = Pick<
  ServiceComponents,
  'node' | 'http' | 'directory' | 'log' | 'branch' | 'privatePorts' | 'allowOutbound' | 'root'
>

/**
 * substrate: serves user functions on its HTTP port. Each request is routed by Host, path and method through
 * TNS, its wasm is fetched from hoarder and compiled once, and the call runs inline under a fuel budget or in
 * a worker pool under the function's timeout and memory cap. Responses say which node, commit and build
 * answered. A route once resolved is hot (until a newer TNS version is seen): a bodiless request to it is
 * answered by the front door, before fastify, on the same tick. A request no function serves may be a website's
 * (website.ts).
 */
export class SubstrateService extends BaseService {
  readonly name = 'substrate'
  protected override readonly httpPing = false
  readonly #router: FunctionRouter
  readonly #modules: ModuleCache
  readonly #runtime: WasmRuntime
  readonly #inline = new InlineRunner()
  /** hotKey → its resolved route and compiled code. */
  readonly #hot = new Map<string, HotRoute>()
  /** Project and application ids → the hash naming their channels (a sha256 in base58: too dear for every request). */
  readonly #scopeHashes = new Map<string, string>()
  readonly #logs: FunctionLogLine[] = []
  /** The head of every answer: which node it came from. */
  readonly #nodeHead: HeaderList
  readonly #log: SubstrateComponents['log']
  readonly #tnsWatch: TnsWatch
  readonly #prepare: PrepareAhead
  readonly #databases: FunctionDatabases
  readonly #replicas: DatabaseReplicas
  readonly #storages: FunctionStorages
  readonly #outbound: OutboundHttp
  readonly #websites: WebsiteServer
  readonly #tns: TnsClient
  #releaseTimer: NodeJS.Timeout | undefined
  readonly #channels: Channels
  readonly #triggers: PubsubTriggers
  readonly #server: SubstrateComponents['http']['server']
  readonly #p2pLookup: P2PLookup
  readonly #p2p: P2PCalls
  readonly #hostParts: FunctionHostParts
  readonly #responseLimit: number

  constructor(components: SubstrateComponents, o: SubstrateOptions = {}) {
    super(components)
    this.#responseLimit = o.maxResponseBytes ?? DEFAULT_RESPONSE_BYTES
    const tns = new TnsClient(components.node, components.directory)
    this.#tns = tns
    this.#log = components.log
    // Hot routes are derived from the router's lookups: when it drops them (a newer TNS version), they go too.
    this.#router = new FunctionRouter(tns, components.branch, () => {
      this.#hot.clear()
    })
    const hoarder = new HoarderClient(components.node, components.directory)
    // An evicted module comes back from this node's disk, not from a hoarder (module-bytes.ts).
    const bytes = new ModuleBytes({ dir: join(components.root, 'modules'), fetch: async cid => await hoarder.get(cid) })
    this.#modules = new ModuleCache({
      fetch: async cid => await bytes.get(cid),
      // A hot route holds its compiled module, and the workers theirs (keyed `<function id>:<cid>:<memory>`, see
      // #route): an evicted one must go from there too, or it is never freed.
      onEvict: key => {
        this.#hot.clear()
        this.#runtime.forget(k => k.endsWith(`:${key}`))
      }
    })
    const router = this.#router
    this.#prepare = new PrepareAhead({
      modules: this.#modules,
      keepBytes: async cid => {
        if (!(await bytes.has(cid))) await bytes.get(cid)
      },
      hosts: async () => functionHosts(await tns.lookup(['http', 'functions'])),
      functionsOf: async host => await router.functionsOf(host),
      log: components.log
    })
    this.#channels = new Channels({ ...components, tns })
    const channels = this.#channels
    this.#runtime = new WasmRuntime({
      log: components.log.child('vm'),
      workers: WORKERS,
      idleMs: IDLE_MS,
      onPublish: (req, channel, data) => {
        if (req.scope !== undefined) channels.functions.publish(req.scope, channel, data)
      }
    })
    this.#websites = new WebsiteServer(tns, hoarder, components.branch)
    this.#replicas = new DatabaseReplicas({
      node: components.node,
      directory: components.directory,
      log: this.#log,
      // Workers keep what a function read while the replica it came from is unchanged.
      versions: this.#runtime.versions
    })
    this.#databases = new FunctionDatabases(tns, this.#replicas, components.branch)
    this.#storages = new FunctionStorages(tns, hoarder, components.branch)
    this.#outbound = new OutboundHttp(components.privatePorts, components.allowOutbound)
    this.#nodeHead = ['x-dream-node', components.node.peerId.toString()]
    this.#p2pLookup = new P2PLookup(tns, components.branch)
    this.#p2p = new P2PCalls({
      tns,
      branch: components.branch,
      lookup: this.#p2pLookup,
      client: new SubstrateClient(components.node, components.directory),
      directory: components.directory,
      self: components.node.peerId.toString(),
      modules: this.#modules,
      runtime: this.#runtime,
      record: (fn, project, lines) => {
        this.#record(fn, project, lines)
      },
      host: fn => functionHost(fn, this.#hostParts)
    })
    // What answers each host module's calls (src/vm/host-modules.ts; see function-host.ts).
    this.#hostParts = {
      database: this.#databases,
      storage: this.#storages,
      content: this.#storages,
      'http client': this.#outbound,
      self: functionSelf,
      globals: new FunctionGlobals(hoarder),
      dns: new FunctionDns(() => components.directory.byRole('seer')[0]?.ports.dns),
      pubsub: new FunctionChannels(channels.lookup, (hash, channel) => this.#triggers.triggered(hash, channel)),
      p2p: this.#p2p
    }
    this.#triggers = new PubsubTriggers({
      tns,
      branch: components.branch,
      hub: channels.hub,
      lookup: channels.lookup,
      log: components.log,
      run: triggeredRunner({
        tns,
        branch: components.branch,
        modules: this.#modules,
        runtime: this.#runtime,
        record: (fn, project, lines) => {
          this.#record(fn, project, lines)
        },
        host: fn => functionHost(fn, this.#hostParts)
      })
    })
    this.#server = components.http.server
    // Anything pushed to TNS may change a route or a build, so a new build is served at once.
    this.#tnsWatch = new TnsWatch(
      tns,
      version => {
        this.#websites.invalidate()
        // A database may have been added, removed or resized with any push.
        this.#databases.invalidate()
        this.#runtime.hostChanged()
        this.#channels.lookup.invalidate()
        this.#p2pLookup.invalidate()
        this.#triggers.changed()
        if (version === undefined) this.#router.invalidate()
        else {
          this.#router.observe(version)
          this.#prepare.published()
        }
      },
      components.log
    )
  }

  protected override async open(): Promise<void> {
    this.#runtime.start()
    this.#replicas.start()
    this.#tnsWatch.start()
    this.#channels.start(this.#server)
    this.#triggers.changed()
    this.#releaseTimer = setInterval(() => {
      this.#inline.releaseIdle(IDLE_MS)
    }, IDLE_MS / 2)
    this.#releaseTimer.unref()
  }

  protected override async close(): Promise<void> {
    clearInterval(this.#releaseTimer)
    this.#releaseTimer = undefined
    this.#triggers.stop()
    this.#channels.stop()
    await this.#tnsWatch.stop()
    await this.#prepare.stop()
    await this.#runtime.stop()
    await this.#replicas.stop()
  }

  protected override handlers(): Commands {
    return commands(SubstrateBodies, {
      [SubstrateCommand.logs]: b => ({
        logs: this.#logs.filter(l => b.function === undefined || l.function === b.function)
      }),
      [SubstrateCommand.stats]: (): StatsReply => ({
        modules: this.#modules.size,
        loads: this.#modules.loads,
        prepared: this.#modules.prepared,
        inline: this.#inline.instances,
        ...this.#runtime.stats
      }),
      [SubstrateCommand.p2pCall]: async (b, { from }) => await this.#p2p.serve(b, from.toString())
    })
  }

  protected override routes(app: FastifyInstance): void {
    // Requests the front door did not answer (a body, a route not hot yet, a call for the worker pool).
    functionRoutes(app, (req, res, raw) => {
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
    })
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

  /** Answers from the hot cache when the route is there and its call completes inline; false otherwise. */
  #serveHot(req: IncomingMessage, res: ServerResponse, r: ParsedRequest, body: Uint8Array): boolean {
    const hot = this.#hot.get(hotKey(req, r))
    if (hot?.compiled.inline === undefined) return false
    const out = this.#inline.run(
      hot.key,
      hot.compiled.inline,
      hot.match.fn.call,
      toHttp(req, r, body, this.#responseLimit),
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
      const http = toHttp(req, r, body, this.#responseLimit)
      // Quick functions run inline under a fuel budget; anything else (or anything that goes wrong inline)
      // runs in the worker pool under the function's timeout.
      const out =
        (compiled.inline === undefined
          ? undefined
          : this.#inline.run(key, compiled.inline, fn.call, http, fn.memory)) ??
        (await this.#runtime.invoke({
          key,
          module: compiled.worker,
          call: fn.call,
          timeoutMs: Math.max(1, Math.round(fn.timeout / 1e6)),
          memoryBytes: fn.memory,
          name: fn.name,
          http,
          host: functionHost(fn, this.#hostParts),
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
      if (this.#scopeHashes.size >= MAX_SCOPE_HASHES) this.#scopeHashes.clear()
      hash = scopeHash(project, application)
      this.#scopeHashes.set(key, hash)
    }
    return hash
  }

  /** A website's answer when one of the host covers the path; false when none does (nothing sent then). */
  async #serveWebsite(req: IncomingMessage, res: ServerResponse, r: ParsedRequest): Promise<boolean> {
    try {
      return await this.#websites.serve(req, res, r, this.#nodeHead)
    } catch (err) {
      sendText(res, 502, this.#nodeHead, `looking up websites of ${r.host}${r.path} failed: ${errorMessage(err)}\n`)
      return true
    }
  }

  /**
   * The request's function, compiled, and made hot; undefined when an answer was already sent (no such route,
   * no build yet, a lookup or load that failed). A route whose TNS version was overtaken while its module
   * loaded is looked up again (up to ROUTE_ATTEMPTS times), so that an answer does not come from a tree older
   * than one this substrate has already answered from; only a route at the newest version seen is made hot.
   */
  async #route(req: IncomingMessage, res: ServerResponse, r: ParsedRequest): Promise<HotRoute | undefined> {
    const method = req.method ?? 'GET'
    const path = decodedPath(r.path)
    if (path === undefined) {
      sendText(res, 400, this.#nodeHead, `the path ${r.path} has a malformed percent escape (use %XX, XX hex)\n`)
      return undefined
    }
    for (let attempt = 1; ; attempt++) {
      let match: Match | undefined
      try {
        match = await this.#router.match(r.host, path, method)
      } catch (err) {
        sendText(res, 502, this.#nodeHead, `looking up ${method} ${r.host}${r.path} failed: ${errorMessage(err)}\n`)
        return undefined
      }
      if (match === undefined) {
        // No function serves it: a website of the host may (tau ranks both at once; see the README's differences).
        if (await this.#serveWebsite(req, res, r)) return undefined
        const served = await this.#router.routesOf(r.host).catch(() => [])
        const hint = served.length > 0 ? `; ${r.host} serves: ${served.join(', ')}` : ''
        const what = `${method} http://${r.host}${r.path} (host "${r.host}", method ${method}, path ${r.path})`
        sendText(res, 404, this.#nodeHead, `no function serves ${what}${hint}\n`)
        return undefined
      }
      const { fn, cid } = match
      this.#prepare.served(r.host)
      const head = provenance(this.#nodeHead, match)
      if (cid === null) {
        const library = libraryIdOf(fn.source)
        sendText(
          res,
          503,
          head,
          library !== undefined
            ? await libraryNotBuilt(this.#tns, fn, library)
            : `function ${fn.name} has no build yet for commit ${fn.commit.slice(0, 7)}; ` +
                'wait for its code job (`dream builds`)\n'
        )
        return undefined
      }
      let compiled: CompiledFunction
      try {
        compiled = await this.#modules.get(cid, fn.memory, fn.name)
      } catch (err) {
        this.#failed(res, head, fn, err)
        return undefined
      }
      const route = { match, compiled, key: `${fn.id}:${cid}:${fn.memory}`, head }
      if (!this.#router.isCurrent(match.version)) {
        if (attempt < ROUTE_ATTEMPTS) continue
        return route
      }
      if (this.#hot.size >= HOT_ROUTES) this.#hot.clear()
      this.#hot.set(hotKey(req, r), route)
      return route
    }
  }

  /** A call or module load that failed: its failureStatus, and a line in the function's log. */
  #failed(res: ServerResponse, head: HeaderList, fn: Match['fn'], err: unknown): void {
    this.#record(fn.name, fn.project, [`error: ${errorMessage(err)}`])
    sendText(res, failureStatus(err), head, `${errorMessage(err)}\n`)
  }

  /** Whatever went wrong outside a call's own error handling: an answer if nothing was sent, else a cut connection. */
  #broken(res: ServerResponse, err: unknown): void {
    this.#log.warn(`serving a request failed: ${errorMessage(err)}`)
    if (res.headersSent) res.destroy()
    else
      sendText(
        res,
        failureStatus(err),
        this.#nodeHead,
        `substrate failed to serve this request: ${errorMessage(err)}\n`
      )
  }

  #send(res: ServerResponse, match: Match, head: HeaderList, out: InvokeResult): void {
    if (out.logs.length > 0) this.#record(match.fn.name, match.fn.project, out.logs)
    sendFunctionResponse(res, match.fn.name, out, head)
  }

  #record(fn: string, project: string, lines: string[]): void {
    for (const line of lines) {
      this.#log.info(`[${fn}] ${line}`)
      this.#logs.push({ at: Date.now(), function: fn, project, line })
    }
    if (this.#logs.length > KEEP_LOGS) this.#logs.splice(0, this.#logs.length - KEEP_LOGS)
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
