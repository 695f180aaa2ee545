import { request } from 'node:http'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { BaseService } from '../base.js'
import type { NodeEntry } from '../../universe/directory.js'

/**
 * gateway: the universe's HTTP front door, in front of the substrates. Every request is passed, Host and body
 * unchanged, to one of the live substrates in turn; the response says which one served it (`X-Substrate-Peer`).
 */
export class GatewayService extends BaseService {
  readonly name = 'gateway'
  protected override readonly httpPing = false
  #next = 0

  protected override routes (app: FastifyInstance): void {
    app.removeAllContentTypeParsers()
    app.addContentTypeParser('*', (_req, _payload, done) => { done(null) })
    app.all('/*', async (req, reply) => { await this.#proxy(req, reply) })
    app.all('/', async (req, reply) => { await this.#proxy(req, reply) })
  }

  #pick (): NodeEntry | undefined {
    const subs = this.deps.universe.directory.byRole('substrate')
    if (subs.length === 0) return undefined
    this.#next = (this.#next + 1) % subs.length
    return subs[this.#next]
  }

  async #proxy (req: FastifyRequest, reply: FastifyReply): Promise<void> {
    const target = this.#pick()
    if (target === undefined) {
      await reply.code(502).type('text/plain').send('no substrate match found: no substrate node is running; start one with `dream inject substrate`\n')
      return
    }
    const { promise, resolve } = Promise.withResolvers<void>()
    const upstream = request({ host: '127.0.0.1', port: target.ports.http, method: req.method, path: req.url, headers: req.headers }, (res) => {
      reply.hijack()
      reply.raw.writeHead(res.statusCode ?? 502, { ...res.headers, 'x-substrate-peer': target.peerId })
      res.pipe(reply.raw)
      res.on('end', resolve)
      res.on('error', resolve)
    })
    upstream.on('error', (err) => {
      if (!reply.sent) void reply.code(502).type('text/plain').send(`substrate ${target.peerId} did not answer: ${err.message}\n`)
      resolve()
    })
    req.raw.pipe(upstream)
    await promise
  }
}
