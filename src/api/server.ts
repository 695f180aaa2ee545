import type { FastifyInstance, FastifyPluginAsync } from 'fastify'
import { createHttpServer, listen } from '../http/server.js'
import { DreamError, InvalidInputError } from '../shared/errors.js'
import type { Multiverse } from '../universe/multiverse.js'
import { allowedOrigins, guardOrigins } from './origin-guard.js'
import { guardOwner } from './owner-guard.js'
import { newApiToken, removeApiToken, writeApiToken } from '../shared/api-token.js'
import { schemaErrors } from './schemas.js'
import { controlRoutes } from './routes.js'
import { pipelineRoutes } from './pipeline-routes.js'
import { streamRoutes } from './streams.js'
import { apiSettings, type ApiSettings } from './settings.js'
import { lifecycleRoutes } from './lifecycle-routes.js'
import { lookupRoutes } from './lookup-routes.js'
import { consolePage } from './console-page.js'
import { consoleRoutes } from './console-routes.js'
import { gitProxy } from './git-proxy.js'
import type { CurrentRequest } from './current-request.js'

export { DEFAULT_API_PORT } from '../shared/defaults.js'

export interface ApiOptions {
  /** `POST /stop`'s action; without it the route answers 501. */
  onStop?: () => void
  /** Tracks which request each piece of work belongs to (the daemon's last resort fails that request). */
  requests?: CurrentRequest
  /** Bytes of a function's body a console Run answers (RUN_BODY_BYTES). */
  runBodyBytes?: number
  /** An embedder's own routes, registered after dream's. */
  routes?: FastifyPluginAsync
  /** The API's tunables (src/api/settings.ts); what is left out keeps its default. */
  settings?: Partial<ApiSettings>
}

/**
 * The control API server on 127.0.0.1:<port>, for this machine's tools and its own pages, plus web pages of the
 * `allowOrigins` (none by default); only for the user who runs it (owner-guard.ts), whose tools find its token
 * in `~/.cache/dream/api-<port>.token` (src/shared/api-token.ts) while it runs.
 */
export async function startApi(
  mv: Multiverse,
  port: number,
  allowOrigins: readonly string[] = [],
  o: ApiOptions = {}
): Promise<FastifyInstance> {
  const app = createHttpServer({ rejectUnknownFields: true })
  o.requests?.track(app)
  const token = newApiToken()
  let bound = port
  guardOwner(app, token, () => bound)
  app.addHook('onClose', async () => {
    if (bound !== 0) await removeApiToken(bound, token)
  })
  await guardOrigins(app, allowedOrigins(allowOrigins))
  app.setSchemaErrorFormatter((errors, dataVar) => {
    return new InvalidInputError('INVALID_INPUT', schemaErrors(errors, dataVar))
  })
  await app.register(controlRoutes(mv))
  await app.register(pipelineRoutes(mv))
  await app.register(streamRoutes(mv, apiSettings(o.settings)))
  await app.register(lookupRoutes(mv))
  await app.register(lifecycleRoutes(o.onStop))
  await app.register(consolePage())
  await app.register(consoleRoutes(mv, o.runBodyBytes !== undefined ? { runBodyBytes: o.runBodyBytes } : {}))
  await app.register(gitProxy(mv))
  if (o.routes !== undefined) await app.register(o.routes)
  try {
    bound = await listen(app, port)
  } catch (err) {
    await app.close().catch(() => {})
    if ((err as NodeJS.ErrnoException).code === 'EADDRINUSE') {
      throw new DreamError(
        'API_PORT_BUSY',
        `port ${port} on 127.0.0.1 is already in use (another dream?); ` +
          'choose another with --api-port <port> or DREAM_API_PORT=<port>',
        { expose: true, cause: err }
      )
    }
    throw err
  }
  try {
    await writeApiToken(bound, token)
  } catch (err) {
    await app.close().catch(() => {})
    throw err
  }
  return app
}
