/**
 * Which control API request a piece of work belongs to, through Node's async context: an exception no code
 * caught (thrown in an event handler or a timer a route started) can still fail the request it came from,
 * instead of leaving it unanswered.
 */
import { AsyncLocalStorage } from 'node:async_hooks'
import type { FastifyInstance, FastifyReply } from 'fastify'
import { errorMessage } from '../shared/errors.js'

export class CurrentRequest {
  readonly #replies = new AsyncLocalStorage<FastifyReply>()

  /** Runs every request's handler (after its body is read) in its own context. */
  track(app: FastifyInstance): void {
    app.addHook('preHandler', (_req, reply, done) => {
      this.#replies.run(reply, done)
    })
  }

  /**
   * Answers 500 naming `err` to the request whose work threw, or cuts its connection when its answer had begun.
   * Returns the request's method and URL, or undefined when the work belonged to no request still under way.
   */
  fail(err: unknown): string | undefined {
    const reply = this.#replies.getStore()
    // Work a request started may outlive it (a universe's nodes, made by POST /universe, keep its context): once
    // its answer has ended, the error is not that request's, and its connection may serve another by now.
    if (reply === undefined || reply.raw.writableEnded) return undefined
    if (reply.sent || reply.raw.headersSent) reply.raw.destroy()
    else
      void reply.code(500).send({ code: 'INTERNAL', error: `dream failed to serve this request: ${errorMessage(err)}` })
    return `${reply.request.method} ${reply.request.url}`
  }
}
