/**
 * What a guest's host function asks of the node running it when the answer is not in the worker: the database
 * operations (data lives on the universe's hoarders, reached over libp2p), an outbound HTTP request (made by the
 * node, which knows which ports are the universe's own) and the function's own identity. The worker blocks on
 * the answer (host-bridge.ts); the node answers through the call's `host` (InvokeRequest).
 */
import type { DatabaseRef } from '../shared/database-ref.js'
import type { StorageRef } from '../shared/storage-ref.js'
import type { StorageCall } from './storage-calls.js'

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

export type HostCall =
  | DatabaseCall
  | StorageCall
  | P2PCall
  | GlobalCall
  | PubsubCall
  | DnsCall
  | { op: 'httpDo'; request: OutboundRequest }
  | { op: 'self' }

/** A p2p operation of a function: commands to another function of the project (answered by P2PCalls). */
export type P2PCall =
  | { op: 'p2pOpen'; protocol: string }
  /** `to`: the peer id of the substrate to call (go-sdk `SendTo`); any substrate without it. */
  | { op: 'p2pSend'; protocol: string; command: string; data: Uint8Array; to?: string }
  /** The protocol name a function listening on a service's protocol is reached by (go-sdk `Listen`). */
  | { op: 'p2pListen'; protocol: string }
  /** Up to `max` peers that serve the project's p2p functions (go-sdk `Discover`), as `keys`. */
  | { op: 'p2pDiscover'; max: number }

/**
 * A global value of the function's project (answered by the substrate's FunctionGlobals): `application` and
 * `function` scope the name under the function's application and its own id, as go-sdk's `globals/scope` asks.
 * `create` stores an empty value when there is none.
 */
export type GlobalCall =
  | { op: 'globalGet'; name: string; application: boolean; function: boolean; create: boolean }
  | { op: 'globalPut'; name: string; application: boolean; function: boolean; data: Uint8Array }

/** A function's channel questions (answered by the substrate's FunctionChannels): a websocket URL, a subscription. */
export type PubsubCall = { op: 'pubsubSocket'; channel: string } | { op: 'pubsubSubscribe'; channel: string }

/**
 * A DNS lookup of a function (answered by the substrate's FunctionDns): `server` is the `address:port` a rerouted
 * resolver asks, else the node's own resolver answers; `timeoutMs` is what the function's own timeout leaves.
 * The records come back as `keys` (an MX as `host/pref/`, as tau writes it).
 */
export interface DnsCall {
  op: 'dnsLookup'
  kind: 'txt' | 'address' | 'cname' | 'mx'
  name: string
  server?: string
  timeoutMs: number
}

/** The database operations (answered by the substrate's FunctionDatabases). */
export type DatabaseCall =
  | { op: 'dbOpen'; matcher: string }
  | { op: 'dbGet'; db: DatabaseRef; key: string }
  | { op: 'dbPut'; db: DatabaseRef; key: string; data: Uint8Array }
  | { op: 'dbDelete'; db: DatabaseRef; key: string }
  | { op: 'dbList'; db: DatabaseRef; prefix: string }

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
      /** A content id (a storage file's, a pushed content's). */
      cid?: string
    }
  | { ok: false; errno?: number; log: string }

/** Answers a call's host calls; one per invocation, bound to the function's project and application. */
export type HostCalls = (c: HostCall) => Promise<HostReply>
