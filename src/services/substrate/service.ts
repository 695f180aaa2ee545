import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { BaseService } from '../base.js'
import type { Handlers } from '../../p2p/protocol.js'
import { DreamError, errorMessage } from '../../shared/errors.js'
import { WasmRuntime } from '../../vm/index.js'
import { HoarderClient } from '../hoarder/client.js'
import { TnsClient } from '../tns/client.js'
import type { ServiceDeps } from '../types.js'
import { ModuleCache } from './modules.js'
import { FunctionRouter, type Match } from './router.js'

/** Function log lines kept per substrate for `dream logs --function`. */
const KEEP_LOGS = 500
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
      updated: () => { this.#router.invalidate(); return { ok: true } },
      logs: (b: { function?: string }) => ({ logs: this.#logs.filter(l => b.function === undefined || l.function === b.function) }),
      stats: () => ({ modules: this.#modules.size, ...this.#runtime.stats })
    }
  }

  protected override routes (app: FastifyInstance): void {
    // Every method, path and body type reaches the function as it came.
    app.removeAllContentTypeParsers()
    app.addContentTypeParser('*', { parseAs: 'buffer' }, (_req, body, done) => { done(null, body) })
    app.all('/*', async (req, reply) => { await this.#serve(req, reply) })
    app.all('/', async (req, reply) => { await this.#serve(req, reply) })
  }

  async #serve (req: FastifyRequest, reply: FastifyReply): Promise<void> {
    const host = (req.headers.host ?? '').toLowerCase().replace(/:\d+$/, '')
    const q = req.url.indexOf('?')
    const path = q < 0 ? req.url : req.url.slice(0, q)
    const rawQuery = q < 0 ? '' : req.url.slice(q + 1)
    reply.header('x-dream-node', this.#peer)
    let match: Match | undefined
    try {
      match = await this.#router.match(host, decodeURIComponent(path), req.method)
    } catch (err) {
      await reply.code(502).type('text/plain').send(`looking up ${req.method} ${host}${path} failed: ${errorMessage(err)}\n`)
      return
    }
    if (match === undefined) {
      await reply.code(404).type('text/plain').send(`no function serves ${req.method} http://${host}${path} (host "${host}", method ${req.method}, path ${path})\n`)
      return
    }
    const { fn, cid, build } = match
    reply.header('x-dream-commit', build?.commit ?? fn.commit)
    reply.header('x-dream-config-commit', fn.commit)
    if (build !== null) reply.header('x-dream-job', build.job)
    if (cid === null) {
      await reply.code(503).type('text/plain').send(`function ${fn.name} has no build yet for commit ${fn.commit.slice(0, 7)}; wait for its code job (\`dream builds\`)\n`)
      return
    }
    try {
      const module = await this.#modules.get(cid, fn.memory, fn.name)
      const headers: Record<string, string> = {}
      for (const [k, v] of Object.entries(req.headers)) if (v !== undefined) headers[k] = Array.isArray(v) ? v.join(', ') : v
      const body = Buffer.isBuffer(req.body) ? req.body : new Uint8Array(0)
      const res = await this.#runtime.invoke({
        key: `${fn.id}:${cid}:${fn.memory}`,
        module,
        call: fn.call,
        timeoutMs: Math.max(1, Math.round(fn.timeout / 1e6)),
        memoryBytes: fn.memory,
        name: fn.name,
        http: { method: req.method, host, path, rawQuery, headers, userAgent: headers['user-agent'] ?? '', body }
      })
      this.#record(fn.name, fn.project, res.logs)
      for (const [k, v] of res.headers) reply.header(k, v)
      await reply.code(res.status).send(Buffer.from(res.body.buffer, res.body.byteOffset, res.body.byteLength))
    } catch (err) {
      const status = err instanceof DreamError && err.code === 'FUNCTION_TIMEOUT' ? 504 : 500
      this.#record(fn.name, fn.project, [`error: ${errorMessage(err)}`])
      await reply.code(status).type('text/plain').send(`${errorMessage(err)}\n`)
    }
  }

  #record (fn: string, project: string, lines: string[]): void {
    for (const line of lines) {
      this.deps.log.info(`[${fn}] ${line}`)
      this.#logs.push({ at: Date.now(), function: fn, project, line })
    }
    if (this.#logs.length > KEEP_LOGS) this.#logs.splice(0, this.#logs.length - KEEP_LOGS)
  }
}
