/**
 * A function's questions about its channels (go-sdk `pubsub/node`): the websocket URL of a channel, given only
 * when a messaging resource of the function's scope has that channel with `websocket: true` (as tau's
 * `WebSocketURL`), and `setSubscriptionChannel`, which succeeds when a `pubsub`-triggered function of the scope
 * runs for the channel. tau subscribes the node to the channel then; here every substrate already follows the
 * channels of every triggered function (triggers.ts), so there is nothing more to join.
 */
import { Errno } from '../../../vm/errno.js'
import { encode } from '../../../vm/guest-memory.js'
import type { HostReply } from '../../../vm/host-calls.js'
import type { PubsubCall } from '../../../vm/pubsub-sdk.js'
import type { FunctionRecord, HostPart } from '../host/host-part.js'
import { matchesChannel, type MessagingLookup } from './messaging.js'
import { scopeHash } from './topic.js'

export class FunctionChannels implements HostPart<PubsubCall> {
  readonly #lookup: MessagingLookup
  readonly #triggered: (hash: string, channel: string) => boolean

  constructor(lookup: MessagingLookup, triggered: (hash: string, channel: string) => boolean) {
    this.#lookup = lookup
    this.#triggered = triggered
  }

  async answer(c: PubsubCall, fn: Pick<FunctionRecord, 'project' | 'application'>): Promise<HostReply> {
    const hash = scopeHash(fn.project, fn.application)
    const channel = c.channel.replace(/^\//, '')
    if (c.op === 'pubsubSubscribe') {
      if (this.#triggered(hash, channel)) return { ok: true }
      return { ok: false, errno: Errno.SubscribeFailed, log: `no pubsub function of this scope runs for "${channel}"` }
    }
    const rules = await this.#lookup.forHash(hash)
    if (rules.some(r => r.webSocket && matchesChannel(r, channel)))
      return { ok: true, data: encode(`ws-${hash}/${channel}`) }
    return {
      ok: false,
      errno: Errno.GetWebSocketURLFailed,
      log: `no messaging resource of this scope has channel "${channel}" with websocket: true`
    }
  }
}
