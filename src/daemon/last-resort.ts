/**
 * The daemon's last resort: an exception or a rejection no code caught is logged, fails the control API request
 * it came from when there is one, and the daemon keeps serving. Node's default is to end the process, and with
 * it every universe (and all data of one not kept) for one bad request.
 */
import type { CurrentRequest } from '../api/current-request.js'
import { errorMessage } from '../shared/errors.js'
import type { Logger } from '../shared/log.js'

/** Installs the process handlers; the function returned removes them (the daemon's stop). */
export function keepServing(log: Logger, requests: CurrentRequest): () => void {
  const report = (what: string, err: unknown): void => {
    const request = requests.fail(err)
    const stack = err instanceof Error && err.stack !== undefined ? `\n${err.stack}` : ''
    log.error(
      `${what}${request !== undefined ? ` in ${request}` : ''} (the daemon goes on): ${errorMessage(err)}${stack}`
    )
  }
  const onException = (err: Error): void => {
    report('uncaught exception', err)
  }
  const onRejection = (reason: unknown): void => {
    report('unhandled rejection', reason)
  }
  process.on('uncaughtException', onException)
  process.on('unhandledRejection', onRejection)
  return () => {
    process.off('uncaughtException', onException)
    process.off('unhandledRejection', onRejection)
  }
}
