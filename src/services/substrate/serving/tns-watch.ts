import { setTimeout as delay } from 'node:timers/promises'
import { errorMessage } from '../../../shared/errors.js'
import type { Logger } from '../../../shared/log.js'
import type { TnsClient } from '../../tns/client.js'

/** Pause before watching again when no tns node answers (none running yet, or the watched one left). */
const RETRY_MS = 1_000

/**
 * Keeps a `watch` open on one tns node (the first live one, the node the substrate's router reads from) and
 * calls `onChange` with the tree's version whenever it changes, so that caches of what was read from TNS are
 * dropped as soon as anything is pushed. When the watched node cannot be reached, anything may have changed
 * meanwhile: `onChange` runs with no version, and the watch moves to whichever tns node is live.
 */
export class TnsWatch {
  readonly #tns: TnsClient
  readonly #onChange: (version: string | undefined) => void
  readonly #log: Logger
  #abort: AbortController | undefined
  #loop: Promise<void> | undefined

  constructor(tns: TnsClient, onChange: (version: string | undefined) => void, log: Logger) {
    this.#tns = tns
    this.#onChange = onChange
    this.#log = log
  }

  start(): void {
    if (this.#loop !== undefined) return
    const abort = new AbortController()
    this.#abort = abort
    this.#loop = this.#run(abort.signal)
  }

  async stop(): Promise<void> {
    this.#abort?.abort()
    await this.#loop
    this.#abort = undefined
    this.#loop = undefined
  }

  async #run(signal: AbortSignal): Promise<void> {
    let since: string | undefined
    while (!signal.aborted) {
      const peer = this.#tns.peers()[0]
      try {
        if (peer === undefined) throw new Error('no tns node is running')
        const version = await this.#tns.watch(peer, since, { signal })
        if (version !== since) this.#onChange(version)
        since = version
      } catch (err) {
        if (signal.aborted) return
        this.#log.debug(`watching tns: ${errorMessage(err)}`)
        if (since !== undefined) this.#onChange(undefined)
        since = undefined
        await delay(RETRY_MS, undefined, { signal }).catch(() => {})
      }
    }
  }
}
