import replyFrom from '@fastify/reply-from'
import type { IncomingHttpHeaders } from 'node:http'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { NodeEntry } from '../../p2p/directory.js'

/** Headers that belong to one connection, which HTTP forbids a proxy to pass on. */
const HOP_BY_HOP = [
  'connection',
  'keep-alive',
  'proxy-connection',
  'proxy-authenticate',
  'proxy-authorization',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade'
]

/** `headers` without the hop-by-hop ones, nor those the Connection header names. */
function endToEnd<H extends Record<string, unknown>>(headers: H): H {
  const named = String(headers.connection ?? '')
    .split(',')
    .map(h => h.trim().toLowerCase())
    .filter(h => h !== '')
  const drop = new Set([...HOP_BY_HOP, ...named])
  return Object.fromEntries(Object.entries(headers).filter(([k]) => !drop.has(k.toLowerCase()))) as H
}

/**
 * Every method and path, passed with Host and body unchanged (through @fastify/reply-from, hop-by-hop headers
 * dropped both ways) to the substrate `pick` chooses; the response says which one served it (`X-Substrate-Peer`).
 */
export function proxyRoutes(app: FastifyInstance, pick: () => NodeEntry | undefined): void {
  // Node's own http client (not undici), which sends the Host header it is given: substrates route by it.
  void app.register(replyFrom, { http: {}, disableRequestLogging: true })
  app.removeAllContentTypeParsers()
  // The body stays a stream and is piped to the substrate as it came.
  app.addContentTypeParser('*', (_req, payload, done) => {
    done(null, payload)
  })
  const proxy = async (req: FastifyRequest, reply: FastifyReply): Promise<void> => {
    const target = pick()
    if (target === undefined) {
      await reply
        .code(502)
        .type('text/plain')
        .send('no substrate match found: no substrate node is running; start one with `dream inject substrate`\n')
      return
    }
    await reply.from(`http://127.0.0.1:${target.ports.http}${req.url}`, {
      rewriteRequestHeaders: (r, headers) =>
        ({ ...endToEnd(headers), host: r.headers.host ?? '' }) as IncomingHttpHeaders,
      rewriteHeaders: headers => ({ ...endToEnd(headers), 'x-substrate-peer': target.peerId }),
      onError: (r, { error }) => {
        void r.code(502).type('text/plain').send(`substrate ${target.peerId} did not answer: ${error.message}\n`)
      }
    })
  }
  app.all('/*', proxy)
  app.all('/', proxy)
}
