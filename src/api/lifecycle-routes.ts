import type { FastifyInstance, FastifyPluginAsync } from 'fastify'
import { statusOf } from '../shared/errors.js'

/**
 * `POST /stop`: asks the daemon to stop as Ctrl-C would (`dream stop`). The answer goes out first; the daemon
 * then closes the API and every universe.
 */
export const lifecycleRoutes =
  (onStop: (() => void) | undefined): FastifyPluginAsync =>
  async (app: FastifyInstance) => {
    app.post('/stop', async (_req, reply) => {
      if (onStop === undefined)
        return await reply.code(statusOf('STOP_UNSUPPORTED')).send({
          code: 'STOP_UNSUPPORTED',
          error: 'this daemon was not started by `dream new multiverse`; stop it where it was started'
        })
      reply.raw.once('finish', onStop)
      // The pid lets `dream stop` (on this machine) wait until the process has exited, ports and all.
      return { stopping: true, pid: process.pid }
    })
  }
