import replyFrom from '@fastify/reply-from'
import type { IncomingHttpHeaders } from 'node:http'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { BaseService } from '../base.js'
import type { NodeEntry } from '../../p2p/directory.js'
import type { ServiceComponents } from '../types.js'

export type GatewayComponents = Pick<ServiceComponents, 'node' | 'http' | 'directory'>

/** Headers that belong to one connection (RFC 9110 §7.6.1) and so are never passed on by a proxy. */
const HOP_BY_HOP = ['connection', 'keep-alive', 'proxy-connection', 'proxy-authenticate', 'proxy-authorization', 'te', 'trailer',
  'transfer-encoding', 'upgrade']

/** `headers` without the hop-by-hop ones, nor those the Connection header names. */
function endToEnd<H extends Record<string, unknown>> (headers: H): H {
  const named = String(headers.connection ?? '').split(',').map(h => h.trim().toLowerCase()).filter(h => h !== '')
  const drop = new Set([...HOP_BY_HOP, ...named])
  return Object.fromEntries(Object.entries(headers).filter(([k]) => !drop.has(k.toLowerCase()))) as H
}

/**
 * gateway: the HTTP front door (tau-protocols §8). Every request is passed, Host and body unchanged, to one of
 * the live substrates in turn (through @fastify/reply-from, hop-by-hop headers dropped both ways); the response
 * says which one served it (`X-Substrate-Peer`).
 */
export class GatewayService extends BaseService {
  readonly name = 'gateway'
  protected override readonly httpPing = false
  readonly #c: GatewayComponents
  #next = 0

  constructor (components: GatewayComponents) {
    super(components)
    this.#c = components
  }

  protected override routes (app: FastifyInstance): void {
    // Node's own http client (not undici), which sends the Host header it is given: substrates route by it.
    void app.register(replyFrom, { http: {}, disableRequestLogging: true })
    app.removeAllContentTypeParsers()
    // The body stays a stream and is piped to the substrate as it came.
    app.addContentTypeParser('*', (_req, payload, done) => { done(null, payload) })
    app.all('/*', async (req, reply) => { await this.#proxy(req, reply) })
    app.all('/', async (req, reply) => { await this.#proxy(req, reply) })
  }

  #pick (): NodeEntry | undefined {
    const subs = this.#c.directory.byRole('substrate')
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
    await reply.from(`http://127.0.0.1:${target.ports.http}${req.url}`, {
      rewriteRequestHeaders: (r, headers) => ({ ...endToEnd(headers), host: r.headers.host ?? '' }) as IncomingHttpHeaders,
      rewriteHeaders: (headers) => ({ ...endToEnd(headers), 'x-substrate-peer': target.peerId }),
      onError: (r, { error }) => {
        void r.code(502).type('text/plain').send(`substrate ${target.peerId} did not answer: ${error.message}\n`)
      }
    })
  }
}
