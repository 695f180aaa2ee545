import cors from '@fastify/cors'
import type { FastifyInstance, FastifyRequest } from 'fastify'
import { DreamError, InvalidInputError } from '../shared/errors.js'
import { foreignRequest, isCrossOrigin, parseOrigin } from '../http/local-only.js'

const STATE_CHANGING = new Set(['POST', 'PUT', 'DELETE', 'PATCH'])

/** Checks `--allow-origin` values; returns them as browsers send them. */
export function allowedOrigins(raw: readonly string[]): string[] {
  return raw.map(o => {
    const origin = parseOrigin(o)
    if (origin === undefined) {
      throw new InvalidInputError('ALLOW_ORIGIN', `--allow-origin "${o}" is not an origin like http://localhost:3000`)
    }
    return origin
  })
}

/**
 * The control API serves this machine's tools and pages it serves itself: a foreign Host (DNS rebinding) or a
 * page of another origin the user did not allow is refused before routing, preflights included; a state change
 * with a body must be JSON, which no page can send cross-origin without a preflight. CORS headers go to allowed
 * origins only.
 */
export async function guardOrigins(app: FastifyInstance, allow: readonly string[]): Promise<void> {
  const allowed = new Set(allow)
  app.addHook('onRequest', async req => {
    const why = foreignRequest(req.headers, allowed)
    if (why !== undefined) throw new DreamError('FOREIGN_REQUEST', why)
    // The git proxy's bodies are git's own types, which no page can send cross-origin without a preflight either.
    const git = req.url.startsWith('/git/')
    // A DELETE without a body (Taubyte's client sends its kills so) carries nothing to forge, and no page can
    // send one cross-origin without the preflight refused above.
    const bodiless = req.method === 'DELETE' && !hasBody(req.headers)
    if (STATE_CHANGING.has(req.method) && !git && !bodiless && !isJson(req.headers['content-type'])) {
      throw new DreamError('CONTENT_TYPE', `${req.method} needs Content-Type: application/json`)
    }
  })
  await app.register(cors, {
    origin: (origin, cb) => {
      cb(null, origin !== undefined && allowed.has(origin))
    },
    maxAge: 600
  })
  // An empty JSON body (a DELETE from curl) is no body, not an error.
  const json = app.getDefaultJsonParser('error', 'error')
  app.removeContentTypeParser('application/json')
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (req, body, done) => {
    if (body === '') {
      done(null, undefined)
      return
    }
    json(req, String(body), done)
  })
}

/** Refuses a route that hands out a secret to any page but the API's own, even an allowed one. */
export function refuseCrossOrigin(req: FastifyRequest): void {
  if (isCrossOrigin(req.headers, `http://${req.headers.host ?? ''}`)) {
    const why = `${req.url} holds secrets and answers only pages served by dream itself`
    throw new DreamError('SECRET_CROSS_ORIGIN', why)
  }
}

function hasBody(h: FastifyRequest['headers']): boolean {
  return h['transfer-encoding'] !== undefined || (h['content-length'] !== undefined && h['content-length'] !== '0')
}

function isJson(contentType: string | undefined): boolean {
  return contentType !== undefined && /^application\/json\s*(;|$)/i.test(contentType)
}
