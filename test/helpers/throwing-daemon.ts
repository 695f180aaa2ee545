/**
 * A daemon whose control API has routes that fail on purpose, as no route of dream's should: one throws in a
 * callback it scheduled (an uncaught exception), one leaves a rejected promise unhandled, one throws after it
 * answered. Run as a child process
 * by test/faults/last-resort.test.ts (a test file's own process reports such errors as test failures); prints
 * `api <port>` once it listens and stops on SIGTERM.
 */
import { startDaemon } from '../../src/index.js'
import { createLogger } from '../../src/shared/log.js'

const d = await startDaemon({
  apiPort: 0,
  log: createLogger({ level: 'error' }),
  universes: [],
  routes: async app => {
    app.get('/on-purpose/throw', (_req, _reply) => {
      setImmediate(() => {
        throw new Error('thrown on purpose')
      })
    })
    app.get('/on-purpose/reject', (_req, _reply) => {
      void Promise.reject(new Error('rejected on purpose'))
    })
    // Answered at once; the work it left behind throws once the answer has gone.
    app.get('/on-purpose/later', (_req, reply) => {
      reply.raw.once('finish', () =>
        setImmediate(() => {
          throw new Error('later on purpose')
        })
      )
      return 'answered'
    })
  }
})
process.stdout.write(`api ${d.apiPort}\n`)
process.once('SIGTERM', () => {
  void d.stop().then(() => process.exit(0))
})
