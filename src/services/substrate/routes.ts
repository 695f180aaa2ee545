import type { IncomingMessage, ServerResponse } from 'node:http'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'

/**
 * substrate's HTTP: every method and path, with the body as raw bytes (whatever its type), handed to `serve`
 * on the raw node:http objects (fastify steps aside). These are the requests the front door did not answer.
 */
export function functionRoutes(
  app: FastifyInstance,
  serve: (req: IncomingMessage, res: ServerResponse, body: Buffer | undefined) => void
): void {
  // Every method, path and body type reaches the function as it came.
  app.removeAllContentTypeParsers()
  app.addContentTypeParser('*', { parseAs: 'buffer' }, (_req, body, done) => {
    done(null, body)
  })
  const handler = (req: FastifyRequest, reply: FastifyReply): void => {
    reply.hijack()
    serve(req.raw, reply.raw, Buffer.isBuffer(req.body) ? req.body : undefined)
  }
  app.all('/*', handler)
  app.all('/', handler)
}
