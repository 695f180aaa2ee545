/**
 * The pub/sub functions of the `taubyte/sdk` host module (tau: `publishToChannel(channel, len, body, len)`) and
 * the getters of a pub/sub event (`getMessageData[Size]`, `getMessageChannel[Size]`, size then read, as tau's).
 * A publish does not wait: the message goes to the substrate, which checks the channel against the project's
 * messaging resources and bounds each function's rate (src/services/substrate/pubsub/function-publish.ts), and
 * the call returns at once. `getWebSocketURL[Size]` and `setSubscriptionChannel` ask the node (host-bridge.ts).
 */
import { Errno } from './errno.js'
import { encode, type GuestMemory, OutOfBounds } from './guest-memory.js'

/** Takes a function's message for `channel`; returns an errno (PublishFailed when it cannot be queued). */
export type PublishSink = (channel: string, data: Uint8Array) => number

/** Imports that need a substrate's channels: a module using one never runs inline (see inline.ts). */
export const PUBSUB_IMPORTS: ReadonlySet<string> = new Set([
  'publishToChannel',
  'getWebSocketURLSize',
  'getWebSocketURL',
  'setSubscriptionChannel'
])

/** The message a pub/sub-triggered call runs for. */
export interface PubsubEventData {
  channel: string
  data: Uint8Array
}

const EVENT_TYPE_PUBSUB = 2

export interface PubsubContext {
  mem: GuestMemory
  publish: PublishSink | undefined
  /** The pub/sub event with this id, if the id is one. */
  message(id: number): { channel: Uint8Array; data: Uint8Array } | undefined
  /**
   * The websocket URL of one of the function's channels (`ws-<scope hash>/<channel>`, relative, as tau's), or
   * undefined when no messaging resource of its scope has the channel with `websocket: true` (the node says).
   */
  socketUrl(channel: string): string | undefined
  /** setSubscriptionChannel's errno: SubscribeFailed when no function of the scope runs for the channel. */
  subscribe(channel: string): number
  /** getEventType for every other kind of event (host-sdk.ts). */
  otherEventType: (id: number, typePtr: number) => unknown
}

export function pubsubImports(ctx: PubsubContext): Record<string, (...args: number[]) => number | undefined> {
  const { mem, publish } = ctx
  /** A getter of the message: unknown event → EventNotFound, bad pointer → AddressOutOfMemory. */
  const getter =
    (f: (m: { channel: Uint8Array; data: Uint8Array }, ptr: number) => void) =>
    (id = 0, ptr = 0): number => {
      const m = ctx.message(id)
      if (m === undefined) return Errno.EventNotFound
      try {
        f(m, ptr)
        return Errno.None
      } catch (err) {
        if (err instanceof OutOfBounds) return Errno.AddressOutOfMemory
        throw err
      }
    }
  const socketUrl = (channelPtr: number, channelLen: number, f: (url: Uint8Array) => void): number => {
    try {
      const url = ctx.socketUrl(mem.string(channelPtr, channelLen).replace(/^\//, ''))
      if (url === undefined) return Errno.GetWebSocketURLFailed
      f(encode(url))
      return Errno.None
    } catch (err) {
      if (err instanceof OutOfBounds) return Errno.AddressOutOfMemory
      throw err
    }
  }
  return {
    getEventType: (id = 0, typePtr = 0) => {
      if (ctx.message(id) === undefined) {
        ctx.otherEventType(id, typePtr)
        return undefined
      }
      try {
        mem.setU32(typePtr, EVENT_TYPE_PUBSUB)
      } catch (err) {
        if (!(err instanceof OutOfBounds)) throw err
      }
      return undefined
    },
    getWebSocketURLSize: (channelPtr = 0, channelLen = 0, sizePtr = 0) =>
      socketUrl(channelPtr, channelLen, url => {
        mem.setU32(sizePtr, url.length)
      }),
    getWebSocketURL: (channelPtr = 0, channelLen = 0, urlPtr = 0) =>
      socketUrl(channelPtr, channelLen, url => {
        mem.write(urlPtr, url)
      }),
    getMessageDataSize: getter((m, sizePtr) => {
      mem.setU32(sizePtr, m.data.length)
    }),
    getMessageData: getter((m, bufPtr) => {
      mem.write(bufPtr, m.data)
    }),
    getMessageChannelSize: getter((m, sizePtr) => {
      mem.setU32(sizePtr, m.channel.length)
    }),
    getMessageChannel: getter((m, bufPtr) => {
      mem.write(bufPtr, m.channel)
    }),
    setSubscriptionChannel: (channelPtr = 0, channelLen = 0) => {
      try {
        return ctx.subscribe(mem.string(channelPtr, channelLen).replace(/^\//, ''))
      } catch (err) {
        if (err instanceof OutOfBounds) return Errno.AddressOutOfMemory
        throw err
      }
    },
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
