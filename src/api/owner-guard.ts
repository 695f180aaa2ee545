import type { FastifyInstance } from 'fastify'
import { OwnerGate } from '../http/owner-only.js'
import { apiTokenFile } from '../shared/api-token.js'

/**
 * The control API serves only the user who started dream (src/http/owner-only.ts): checked before anything
 * else, so another user learns nothing but what is missing. `GET /?token=<token>` (for a browser where dream
 * cannot tell who connected, such as on macOS) sets the token as an HttpOnly, SameSite=Strict cookie of this
 * port's name and opens the console; on Linux the owner's browser needs none of it.
 */
export function guardOwner(app: FastifyInstance, token: string, port: () => number): void {
  let gate: OwnerGate | undefined
  // Made at the first request: the port (in the file's and the cookie's name) is known once the API listens.
  const gateNow = (): OwnerGate => {
    const hint = `send Authorization: Bearer <the token in ${apiTokenFile(port())}>`
    gate ??= new OwnerGate({ token, hint, cookie: cookieName(port()) })
    return gate
  }
  app.addHook('onRequest', async (req, reply) => {
    const g = gateNow()
    const sent = (req.query as { token?: unknown } | undefined)?.token
    if (req.method === 'GET' && req.url.startsWith('/?') && typeof sent === 'string' && g.isToken(sent)) {
      const cookie = `${cookieName(port())}=${sent}; HttpOnly; SameSite=Strict; Path=/`
      void reply.header('set-cookie', cookie).redirect('/', 303)
      return reply
    }
    const refused = await g.refusal(req.raw)
    if (refused !== undefined) throw refused
    return undefined
  })
}

function cookieName(port: number): string {
  return `dream-token-${port}`
}
