import type { FastifyInstance, FastifyPluginAsync } from 'fastify'
import { DreamError, NotFoundError } from '../shared/errors.js'
import type { Multiverse } from '../universe/multiverse.js'
import { refuseCrossOrigin } from './origin-guard.js'

const GIT_BODIES = ['application/x-git-upload-pack-request', 'application/x-git-receive-pack-request']
/** Only git's smart-HTTP endpoints of a repository: the git host's REST API stays out of reach. */
const SMART_HTTP = /^[\w.-]+\/[\w.-]+\.git\/(info\/refs|git-upload-pack|git-receive-pack)$/
const PASSED_HEADERS = ['content-type', 'accept', 'git-protocol']
/** A push of a project's code can be larger than fastify's default 1 MB body. */
const MAX_PACK = 64 * 1024 * 1024

/**
 * `/git/:universe/<owner>/<repo>.git/...`: git's smart HTTP, forwarded to the universe's git host with the
 * user's credentials added here, so the web console clones and pushes in the browser without ever holding the
 * token or talking to another origin (the git host refuses every request that has an Origin). Only pages of the
 * API's own origin get through; a git body is not a CORS-safelisted type, so no other page can send one unseen.
 */
export const gitProxy =
  (mv: Multiverse): FastifyPluginAsync =>
  async (app: FastifyInstance) => {
    app.addContentTypeParser(GIT_BODIES, { parseAs: 'buffer', bodyLimit: MAX_PACK }, (_req, body, done) => {
      done(null, body)
    })
    app.route<{ Params: { universe: string; '*': string } }>({
      method: ['GET', 'POST'],
      url: '/git/:universe/*',
      bodyLimit: MAX_PACK,
      handler: async (req, reply) => {
        refuseCrossOrigin(req)
        const path = req.params['*']
        if (!SMART_HTTP.test(path) || path.includes('..')) {
          throw new NotFoundError('GIT_PROXY_PATH', `${path} is not a git endpoint (<owner>/<repo>.git/info/refs…)`)
        }
        const u = mv.get(req.params.universe)
        const { login, token } = await u.gitUser()
        const query = req.url.includes('?') ? req.url.slice(req.url.indexOf('?')) : ''
        const headers: Record<string, string> = {
          authorization: `Basic ${Buffer.from(`${login}:${token}`).toString('base64')}`
        }
        for (const h of PASSED_HEADERS) {
          const v = req.headers[h]
          if (typeof v === 'string') headers[h] = v
        }
        const body = req.body instanceof Buffer ? new Uint8Array(req.body) : undefined
        const res = await fetch(`${u.git.url}/${path}${query}`, {
          method: req.method,
          headers,
          ...(body !== undefined ? { body } : {})
        }).catch((err: unknown) => {
          throw new DreamError('GIT_PROXY', `the git host of ${u.name} did not answer: ${String(err)}`, {
            expose: true
          })
        })
        const type = res.headers.get('content-type')
        if (type !== null) void reply.type(type)
        return await reply
          .code(res.status)
          .header('cache-control', 'no-cache')
          .send(Buffer.from(await res.arrayBuffer()))
      }
    })
  }
