import type { InvokeRequest } from '../../../vm/index.js'
import { callForEvent, type EventCallParts } from '../serving/event-call.js'
import type { ChannelMessage } from './envelope.js'
import type { TriggeredFunction } from './triggers.js'

/**
 * How a `pubsub`-triggered function runs for a message (see serving/event-call.ts). A failure is in the function's log;
 * nothing waits for the call's answer.
 */
export function triggeredRunner(
  o: EventCallParts & {
    /** What answers the call's host operations (databases, outbound HTTP, self). */
    host: (fn: TriggeredFunction) => InvokeRequest['host']
  }
): (fn: TriggeredFunction, m: ChannelMessage) => Promise<void> {
  return async (fn, m) => {
    await callForEvent(o, fn, {
      pubsub: { channel: fn.channel, data: m.data },
      host: o.host(fn),
      scope: { project: fn.project, application: fn.application, function: fn.id, hash: fn.hash }
    }).catch(() => {})
  }
}
