import Fastify, { type FastifyInstance, type FastifyServerFactory } from 'fastify'
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import { DreamError, errorMessage, statusOf } from '../shared/errors.js'
import { diskFullOr } from '../shared/disk-full.js'

export interface HttpServerOptions {
  bodyLimit?: number
  /**
   * Sees every request before fastify does and returns true when it has answered it itself (substrate answers
   * its hot function routes this way: fastify's per-request work would be most of their cost).
   */
  front?: FrontDoor
  /** A body field its schema does not name is a 400 naming it (fastify's default drops it silently). */
  rejectUnknownFields?: boolean
}

export type FrontDoor = (req: IncomingMessage, res: ServerResponse) => boolean

/**
 * The shared fastify factory: DreamError → `{code, error}` with its HTTP status; anything else → 500. Connections
 * are force-closed on close() so that stop() really frees the port.
 */
export function createHttpServer(o: HttpServerOptions = {}): FastifyInstance {
  const app = Fastify({
    logger: false,
    forceCloseConnections: true,
    bodyLimit: o.bodyLimit ?? 64 * 1024 * 1024,
    ...(o.rejectUnknownFields === true ? { ajv: { customOptions: { removeAdditional: false } } } : {}),
    ...(o.front === undefined ? {} : { serverFactory: withFrontDoor(o.front) })
  })
  app.setErrorHandler((thrown, _req, reply) => {
    const err = diskFullOr(thrown)
    if (err instanceof DreamError) {
      void reply.code(err.status).send({ code: err.code, error: err.message })
      return
    }
    const status =
      typeof (err as { statusCode?: unknown }).statusCode === 'number'
        ? (err as { statusCode: number }).statusCode
        : 500
    void reply.code(status).send({ code: status < 500 ? 'BAD_REQUEST' : 'INTERNAL', error: errorMessage(err) })
  })
  app.setNotFoundHandler((req, reply) => {
    void reply
      .code(statusOf('ROUTE_NOT_FOUND'))
      .send({ code: 'ROUTE_NOT_FOUND', error: `no route ${req.method} ${req.url}` })
  })
  return app
}

/** The server fastify would make (its default timeouts), with the front door ahead of fastify's handler. */
function withFrontDoor(front: FrontDoor): FastifyServerFactory<Server> {
  return handler => {
    const server = createServer((req, res) => {
      try {
        if (front(req, res)) return
      } catch (err) {
        // Nothing sent yet: fastify's route answers (or reports) it; else the response is beyond repair.
        if (res.headersSent) {
          res.destroy(err instanceof Error ? err : undefined)
          return
        }
      }
      handler(req, res)
    })
    server.keepAliveTimeout = 72_000
    server.requestTimeout = 0
    return server
  }
}

/** Listens on 127.0.0.1:`port` (0 = kernel's choice) and returns the bound port. */
export async function listen(app: FastifyInstance, port: number): Promise<number> {
  await app.listen({ host: '127.0.0.1', port })
  const addr = app.server.address()
  if (addr === null || typeof addr === 'string') throw new Error('http server has no TCP address')
  return addr.port
}
