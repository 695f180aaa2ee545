import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { BaseService } from '../base.js'
import type { Handlers } from '../../p2p/protocol.js'
import { DreamError, errorMessage } from '../../shared/errors.js'
import { InlineRunner, WasmRuntime, type HttpRequestData, type InvokeResult } from '../../vm/index.js'
import { HoarderClient } from '../hoarder/client.js'
import { TnsClient } from '../tns/client.js'
import type { ServiceDeps } from '../types.js'
import { ModuleCache, type CompiledFunction } from './modules.js'
import { FunctionRouter, type Match } from './router.js'

/** Function log lines kept per substrate for `dream logs --function`. */
const KEEP_LOGS = 500
/** Routes kept in the hot cache before it is emptied. */
const HOT_ROUTES = 4096
/** Worker threads running calls: a function that loops ties up one until its timeout, not the node. */
const WORKERS = 3

export interface FunctionLogLine { at: number, function: string, project: string, line: string }

/**
 * substrate: serves user functions on its HTTP port. Each request is routed by Host, path and method through
 * TNS, its wasm is fetched from hoarder and compiled once, and the call runs in a worker pool under the
 * function's timeout and memory cap. Responses say which node, commit and build answered.
 */
export class SubstrateService extends BaseService {
  readonly name = 'substrate'
  protected override readonly httpPing = false
  readonly #router: FunctionRouter
  readonly #modules: ModuleCache
  readonly #runtime: WasmRuntime
  readonly #inline = new InlineRunner()
  /** `METHOD host/path` → its resolved route and compiled code. */
  readonly #hot = new Map<string, { match: Match, compiled: CompiledFunction, key: string }>()
  readonly #logs: FunctionLogLine[] = []
  readonly #peer: string

  constructor (deps: ServiceDeps) {
    super(deps)
    this.#router = new FunctionRouter(new TnsClient(deps.node, deps.universe.directory), () => deps.universe.branch)
    this.#modules = new ModuleCache(new HoarderClient(deps.node, deps.universe.directory))
    this.#runtime = new WasmRuntime({ log: deps.log.child('vm'), workers: WORKERS })
    this.#peer = deps.node.peerId.toString()
  }

  protected override async open (): Promise<void> { this.#runtime.start() }
  protected override async close (): Promise<void> { await this.#runtime.stop() }

  protected override handlers (): Handlers {
    return {
      // TNS tells substrates when anything was pushed, so a new build is served at once.
      updated: () => { this.#router.invalidate(); this.#hot.clear(); return { ok: true } },
      logs: (b: { function?: string }) => ({ logs: this.#logs.filter(l => b.function === undefined || l.function === b.function) }),
      stats: () => ({ modules: this.#modules.size, ...this.#runtime.stats })
    }
  }

  protected override routes (app: FastifyInstance): void {
    // Every method, path and body type reaches the function as it came.
    app.removeAllContentTypeParsers()
    app.addContentTypeParser('*', { parseAs: 'buffer' }, (_req, body, done) => { done(null, body) })
    // Sync handlers: #serve sends the reply itself, on this tick when it can.
    app.all('/*', (req, reply) => { this.#serve(req, reply) })
    app.all('/', (req, reply) => { this.#serve(req, reply) })
  }

  /**
   * Serves one request. A route already resolved and compiled (the hot cache, emptied whenever TNS reports a
   * change) whose call completes inline is answered without leaving this tick; the rest takes the async path.
   */
  #serve (req: FastifyRequest, reply: FastifyReply): void {
    const r = parseRequest(req)
    reply.header('x-dream-node', this.#peer)
    const hot = this.#hot.get(`${req.method} ${r.host}${r.path}`)
    if (hot?.compiled.inline !== undefined) {
      const res = this.#inline.run(hot.key, hot.compiled.inline, hot.match.fn.call, toHttp(req, r), hot.match.fn.memory)
      if (res !== undefined) { this.#send(reply, hot.match, res); return }
    }
    void this.#serveAsync(req, reply, r)
  }

  async #serveAsync (req: FastifyRequest, reply: FastifyReply, r: ParsedRequest): Promise<void> {
    let match: Match | undefined
    try {
      match = await this.#router.match(r.host, decodeURIComponent(r.path), req.method)
    } catch (err) {
      reply.code(502).type('text/plain').send(`looking up ${req.method} ${r.host}${r.path} failed: ${errorMessage(err)}\n`)
      return
    }
    if (match === undefined) {
      reply.code(404).type('text/plain').send(`no function serves ${req.method} http://${r.host}${r.path} (host "${r.host}", method ${req.method}, path ${r.path})\n`)
      return
    }
    const { fn, cid } = match
    if (cid === null) {
      provenance(reply, match)
      reply.code(503).type('text/plain').send(`function ${fn.name} has no build yet for commit ${fn.commit.slice(0, 7)}; wait for its code job (\`dream builds\`)\n`)
      return
    }
    try {
      const compiled = await this.#modules.get(cid, fn.memory, fn.name)
      const key = `${fn.id}:${cid}:${fn.memory}`
      if (this.#hot.size >= HOT_ROUTES) this.#hot.clear()
      this.#hot.set(`${req.method} ${r.host}${r.path}`, { match, compiled, key })
      const http = toHttp(req, r)
      // Quick functions run inline under a fuel budget; anything else (or anything that goes wrong inline)
      // runs in the worker pool under the function's timeout.
      const res = (compiled.inline === undefined ? undefined : this.#inline.run(key, compiled.inline, fn.call, http, fn.memory)) ??
        await this.#runtime.invoke({ key, module: compiled.worker, call: fn.call, timeoutMs: Math.max(1, Math.round(fn.timeout / 1e6)), memoryBytes: fn.memory, name: fn.name, http })
      this.#send(reply, match, res)
    } catch (err) {
      const status = err instanceof DreamError && err.code === 'FUNCTION_TIMEOUT' ? 504 : 500
      this.#record(fn.name, fn.project, [`error: ${errorMessage(err)}`])
      provenance(reply, match)
      reply.code(status).type('text/plain').send(`${errorMessage(err)}\n`)
    }
  }

  #send (reply: FastifyReply, match: Match, res: InvokeResult): void {
    if (res.logs.length > 0) this.#record(match.fn.name, match.fn.project, res.logs)
    provenance(reply, match)
    for (const [k, v] of res.headers) reply.header(k, v)
    reply.code(res.status).send(Buffer.from(res.body.buffer, res.body.byteOffset, res.body.byteLength))
  }

  #record (fn: string, project: string, lines: string[]): void {
    for (const line of lines) {
      this.deps.log.info(`[${fn}] ${line}`)
      this.#logs.push({ at: Date.now(), function: fn, project, line })
    }
    if (this.#logs.length > KEEP_LOGS) this.#logs.splice(0, this.#logs.length - KEEP_LOGS)
  }
}

interface ParsedRequest { host: string, path: string, rawQuery: string }

function parseRequest (req: FastifyRequest): ParsedRequest {
  const q = req.url.indexOf('?')
  return {
    host: (req.headers.host ?? '').toLowerCase().replace(/:\d+$/, ''),
    path: q < 0 ? req.url : req.url.slice(0, q),
    rawQuery: q < 0 ? '' : req.url.slice(q + 1)
  }
}

function toHttp (req: FastifyRequest, r: ParsedRequest): HttpRequestData {
  const headers: Record<string, string> = {}
  for (const [k, v] of Object.entries(req.headers)) if (v !== undefined) headers[k] = Array.isArray(v) ? v.join(', ') : v
  const body = Buffer.isBuffer(req.body) ? req.body : new Uint8Array(0)
  return { method: req.method, host: r.host, path: r.path, rawQuery: r.rawQuery, headers, userAgent: headers['user-agent'] ?? '', body }
}

/** Which commit and build answered (X-Dream-Node is set for every response). */
function provenance (reply: FastifyReply, m: Match): void {
  reply.header('x-dream-commit', m.build?.commit ?? m.fn.commit)
  reply.header('x-dream-config-commit', m.fn.commit)
  if (m.build !== null) reply.header('x-dream-job', m.build.job)
}
