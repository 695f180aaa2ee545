/** Messages between WasmRuntime and its invoke workers. */
import type { BridgeHello, HostCallMessage } from './host-bridge.js'
import type { CallScope, HttpRequestData } from './types.js'
import type { P2PEventData } from './p2p-event.js'
import type { WasmModule } from './webassembly.js'

export interface InvokeMessage {
  id: number
  key: string
  /** Sent the first time this worker sees `key`; the worker caches it. */
  module?: WasmModule
  /** Keys the runtime evicted from this worker's cache. */
  drop?: string[]
  call: string
  /** What is left of the call's timeout: the bound of its host calls' waits. */
  timeoutMs: number
  memoryBytes: number
  name: string
  http: HttpRequestData
  /** Set for a pub/sub-triggered call (see InvokeRequest.pubsub). */
  pubsub?: { channel: string; data: Uint8Array }
  /** Set for a p2p-triggered call (see InvokeRequest.p2p). */
  p2p?: P2PEventData
  /** The caller's scope, for the websocket URLs of its channels. */
  scope?: CallScope
  /** Changes when what the node answers may have changed (see WasmRuntime.hostChanged). */
  hostEpoch: number
}

export type FailureKind = 'trap' | 'memory' | 'load' | 'export' | 'miss' | 'response'

export type InvokeReply =
  | {
      id: number
      ok: true
      status: number
      headers: Array<[string, string]>
      body: Uint8Array
      logs: string[]
      durationMs: number
    }
  | { id: number; ok: false; kind: FailureKind; message: string; logs: string[] }

/** A worker's first message: its thread id, so that the runtime can lower its priority (see thread-priority). */
export interface WorkerHello {
  thread: number
}

/** A channel message the running call (`id`) published; sent before the call's reply. */
export interface WorkerPublish {
  publish: { id: number; channel: string; data: Uint8Array }
}

export type WorkerMessage = InvokeReply | WorkerHello | BridgeHello | HostCallMessage | WorkerPublish
