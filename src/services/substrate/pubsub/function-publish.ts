import { errorMessage } from '../../../shared/errors.js'
import type { Logger } from '../../../shared/log.js'
import { TokenBucket } from '../../../shared/token-bucket.js'
import type { PubsubHub } from './hub.js'
import { matchesChannel, type MessagingLookup } from './messaging.js'
import { topicOf } from './topic.js'
import type { CallScope } from '../../../vm/index.js'

/** Publishes of one function waiting for their channel's lookup; more are dropped. */
const MAX_WAITING = 64
/** Functions tracked at once (the oldest is forgotten past this). */
const MAX_FUNCTIONS = 4096

/** Messages per second one function may publish on this substrate, and the burst it may send at once. */
export interface PublishRate {
  perS: number
  burst: number
}

interface Budget {
  bucket: TokenBucket
  waiting: number
  dropped: number
}

/**
 * Messages functions publish (SDK `publishToChannel`), bounded per function: a token bucket (`rate`)
 * and at most MAX_WAITING waiting for their lookup, so that a function publishing in a loop loses its own excess
 * and leaves the channels to the others. A message goes out only on a channel one of the function's own
 * project's messaging resources has (by name or regex): a function reaches no other project's channels.
 */
export class FunctionPublish {
  readonly #hub: PubsubHub
  readonly #lookup: MessagingLookup
  readonly #log: Logger
  readonly #rate: PublishRate
  readonly #budgets = new Map<string, Budget>()

  constructor(hub: PubsubHub, lookup: MessagingLookup, log: Logger, rate: PublishRate) {
    this.#rate = rate
    this.#hub = hub
    this.#lookup = lookup
    this.#log = log
  }

  publish(scope: CallScope, channel: string, data: Uint8Array): void {
    const b = this.#budget(scope.function)
    if (b.waiting >= MAX_WAITING || !b.bucket.take()) {
      if (b.dropped++ % 1000 === 0)
        this.#log.warn(`function ${scope.function} publishes faster than ${this.#rate.perS}/s: its excess is dropped`)
      return
    }
    b.waiting++
    const hash = scope.hash
    this.#lookup
      .forHash(hash)
      .then(rules => {
        if (!rules.some(r => matchesChannel(r, channel))) {
          this.#log.warn(`function ${scope.function} published to "${channel}", which no messaging resource has`)
          return
        }
        this.#hub.publish(topicOf(hash, channel), { source: `fn:${scope.function}`, data })
      })
      .catch((err: unknown) => {
        this.#log.warn(`publishing to "${channel}" failed: ${errorMessage(err)}`)
      })
      .finally(() => {
        b.waiting--
      })
  }

  #budget(fn: string): Budget {
    let b = this.#budgets.get(fn)
    if (b === undefined) {
      if (this.#budgets.size >= MAX_FUNCTIONS) this.#budgets.delete(this.#budgets.keys().next().value as string)
      b = { bucket: new TokenBucket(this.#rate.perS, this.#rate.burst), waiting: 0, dropped: 0 }
      this.#budgets.set(fn, b)
    }
    return b
  }
}
