/**
 * What a guest's host function asks of the node running it when the answer is not in the worker (a database
 * operation: the data lives on the universe's hoarders; an outbound HTTP request: made by the node, which knows
 * which ports are the universe's own; the function's own identity), and the node's answer. Each host module
 * declares its own calls (host-module.ts); host-modules.ts joins them into `HostCall`. The worker blocks on the
 * answer (host-bridge.ts); the node answers through the call's `host` (InvokeRequest).
 */
import type { DatabaseRef } from '../shared/database-ref.js'
import type { StorageRef } from '../shared/storage-ref.js'
import type { HostVersion } from './host-versions.js'

/** What every host call has: the operation, which names the host module that sends it (host-modules.ts). */
export interface HostCallBase {
  op: string
}

/** An outbound request as the guest built it; `timeoutMs` is what the function's own timeout leaves for it. */
export interface OutboundRequest {
  method: string
  url: string
  headers: Array<[string, string]>
  body: Uint8Array
  timeoutMs: number
}
export interface OutboundResponse {
  status: number
  headers: Array<[string, string]>
  body: Uint8Array
}
/** The function a call runs, as go-sdk's `self` reads it. */
export interface SelfInfo {
  id: string
  project: string
  application: string
  commit: string
  branch: string
}

/**
 * `errno` is the go-sdk error the guest gets (the operation's own failure when absent); `log` goes to the
 * function's log, so that its author reads why (size limit, no matching database...).
 */
export type HostReply =
  | {
      ok: true
      db?: DatabaseRef
      data?: Uint8Array
      keys?: string[]
      response?: OutboundResponse
      self?: SelfInfo
      storage?: StorageRef
      /** A storage's file version or byte count. */
      number?: number
      /** While this counter is unchanged, the same call gets the same answer (see host-versions.ts). */
      version?: HostVersion
      /** A content id (a storage file's, a pushed content's). */
      cid?: string
    }
  | { ok: false; errno?: number; log: string }
