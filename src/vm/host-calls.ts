/**
 * What a guest's host function asks of the node running it when the answer is not in the worker: the database
 * operations (data lives on the universe's hoarders, reached over libp2p). The worker blocks on the answer
 * (host-bridge.ts); the node answers through the call's `host` (InvokeRequest).
 */
import type { DatabaseRef } from '../shared/database-ref.js'

export type HostCall =
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
  | { ok: true; db?: DatabaseRef; data?: Uint8Array; keys?: string[] }
  | { ok: false; errno?: number; log: string }

/** Answers a call's host calls; one per invocation, bound to the function's project and application. */
export type HostCalls = (c: HostCall) => Promise<HostReply>
