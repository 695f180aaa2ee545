import type { HostCalls } from './host-modules.js'
import type { HttpRequestData } from './http-event.js'
import type { P2PEventData } from './p2p-event.js'
import type { WasmModule } from './webassembly.js'

export type { HttpRequestData } from './http-event.js'

/** Whose call it is: what it publishes goes to this scope's channels. */
export interface CallScope {
  project: string
  application?: string
  function: string
  /** The scope's hash (of project id + application id), which names its channels. */
  hash: string
}

export interface InvokeRequest {
  /** Cache key of the compiled module, e.g. function id + commit (+ memory cap). */
  key: string
  /** Compiled once by the caller (see compileModule) and cached. */
  module: WasmModule
  /** Exported function to call with the event id. */
  call: string
  timeoutMs: number
  memoryBytes: number
  /** Function name, for messages. */
  name: string
  http: HttpRequestData
  /** A pub/sub-triggered call: the message it runs for (`http` is then not read). */
  pubsub?: { channel: string; data: Uint8Array }
  /** A p2p-triggered call: the command it runs for; the result's body is its answer. */
  p2p?: P2PEventData
  /** Who the call is, for what it publishes (see WasmRuntimeOptions.onPublish). */
  scope?: CallScope
  /** Answers the call's database operations; without it they fail with the SDK's errors. */
  host?: HostCalls
}

export interface InvokeResult {
  status: number
  headers: Array<[string, string]>
  body: Uint8Array
  logs: string[]
  durationMs: number
}
