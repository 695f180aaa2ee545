/**
 * The pub/sub functions of the `taubyte/sdk` host module (tau: `publishToChannel(channel, len, body, len)`) and
 * the getters of a pub/sub event (`getMessageData[Size]`, `getMessageChannel[Size]`, size then read, as tau's).
 * A publish does not wait: the message goes to the substrate, which checks the channel against the project's
 * messaging resources and bounds each function's rate (src/services/substrate/pubsub/function-publish.ts), and
 * the call returns at once. `getWebSocketURL[Size]` and `setSubscriptionChannel` ask the node (host-bridge.ts).
 */
import { Errno } from './errno.js'
import { encode, type GuestMemory, OutOfBounds } from './guest-memory.js'
import { hostAsker } from './host-guard.js'
import { type HostModule, otherEventType, type PublishSink, type PubsubMessage } from './host-module.js'

/** A function's channel questions (answered by the substrate's FunctionChannels): a websocket URL, a subscription. */
export type PubsubCall = { op: 'pubsubSocket'; channel: string } | { op: 'pubsubSubscribe'; channel: string }

/** The message a pub/sub-triggered call runs for. */
export interface PubsubEventData {
  channel: string
  data: Uint8Array
}

const EVENT_TYPE_PUBSUB = 2

interface PubsubContext {
  mem: GuestMemory
  publish: PublishSink | undefined
  /** The pub/sub event with this id, if the id is one. */
  message(id: number): PubsubMessage | undefined
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

function pubsubImports(ctx: PubsubContext): Record<string, (...args: number[]) => number | undefined> {
  const { mem, publish } = ctx
  /** A getter of the message: unknown event → EventNotFound, bad pointer → AddressOutOfMemory. */
  const getter =
    (f: (m: PubsubMessage, ptr: number) => void) =>
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

/**
 * Publishing and the channel questions need a substrate's channels, so a module importing one never runs inline;
 * the getters of the message run anywhere.
 */
export const pubsubModule: HostModule<PubsubCall, 'pubsub'> = {
  name: 'pubsub',
  module: 'taubyte/sdk',
  imports: [
    'getEventType',
    'getMessageDataSize',
    'getMessageData',
    'getMessageChannelSize',
    'getMessageChannel',
    'publishToChannel',
    'getWebSocketURLSize',
    'getWebSocketURL',
    'setSubscriptionChannel'
  ],
  inline: ['getEventType', 'getMessageDataSize', 'getMessageData', 'getMessageChannelSize', 'getMessageChannel'],
  calls: { pubsubSocket: true, pubsubSubscribe: true },
  link: (ctx, linked) => {
    const ask = hostAsker<PubsubCall>(ctx, ctx.host, 'pubsub', 'channels are')
    return {
      functions: pubsubImports({
        mem: ctx.mem,
        publish: ctx.publish,
        message: id => ctx.message(id),
        socketUrl: channel => {
          const r = ask({ op: 'pubsubSocket', channel }, Errno.GetWebSocketURLFailed)
          return r.ok && r.data !== undefined ? new TextDecoder().decode(r.data) : undefined
        },
        subscribe: channel => ask({ op: 'pubsubSubscribe', channel }, Errno.SubscribeFailed).errno,
        otherEventType: otherEventType(linked)
      })
    }
  }
}
