/**
 * The pub/sub functions of the `taubyte/sdk` host module (tau: `publishToChannel(channel, len, body, len)`).
 * A publish does not wait: the message goes to the substrate, which checks the channel against the project's
 * messaging resources and bounds each function's rate (src/services/substrate/pubsub/function-publish.ts), and
 * the call returns at once.
 */
import { Errno } from './errno.js'
import { type GuestMemory, OutOfBounds } from './guest-memory.js'

/** Takes a function's message for `channel`; returns an errno (PublishFailed when it cannot be queued). */
export type PublishSink = (channel: string, data: Uint8Array) => number

/** Imports that need a substrate's channels: a module using one never runs inline (see inline.ts). */
export const PUBSUB_IMPORTS: ReadonlySet<string> = new Set(['publishToChannel'])

export function pubsubImports(
  mem: GuestMemory,
  publish: PublishSink | undefined
): Record<string, (...args: number[]) => number> {
  return {
    publishToChannel: (channelPtr = 0, channelLen = 0, bodyPtr = 0, bodyLen = 0) => {
      if (publish === undefined) return Errno.PublishFailed
      try {
        const channel = mem.string(channelPtr, channelLen).replace(/^\//, '')
        if (channel === '') return Errno.PublishFailed
        return publish(channel, mem.bytes(bodyPtr, bodyLen).slice())
      } catch (err) {
        if (err instanceof OutOfBounds) return Errno.AddressOutOfMemory
        throw err
      }
    }
  }
}
