/**
 * The `taubyte/sdk` database functions, with tau's names, signatures and errno results (go-sdk `database`):
 * `newDatabase(matchPtr, matchLen, idPtr)` opens the project's database whose name or regex matches, then
 * get/put/delete/list by key on the id it wrote. The data is on the universe's hoarders, so each operation is a
 * host call answered by the node (host-bridge.ts): a module importing any of these never runs inline.
 * Ids count from 0 per instance as tau's do, and last one call (tau's instance lives for one call). In a worker,
 * the database a matcher opened is kept for OPEN_MAX_AGE_MS while the host epoch stays the same (the node changes
 * it when a push may have added, removed or resized a database), so that a call's open needs no host call. A get's
 * or a list's answer is kept too, with the version of the substrate's replica it came from (host-versions.ts),
 * and used again while that version is unchanged: the substrate counts it up on every change its functions or
 * the owning hoarder make, before answering anything that follows, so a kept answer is never older than the
 * replica.
 */
import { clearUsed } from './clear-used.js'
import { Errno } from './errno.js'
import { guarded, type HostAsk, hostAsker } from './host-guard.js'
import { type HostVersion, stillCurrent } from './host-versions.js'
import { encode, type GuestMemory } from './guest-memory.js'
import type { HostReply } from './host-calls.js'
import { type HostModule, perCall } from './host-module.js'
import type { DatabaseRef } from '../shared/database-ref.js'

/** The database operations (answered by the substrate's FunctionDatabases). */
export type DatabaseCall =
  | { op: 'dbOpen'; matcher: string }
  | { op: 'dbGet'; db: DatabaseRef; key: string }
  | { op: 'dbPut'; db: DatabaseRef; key: string; data: Uint8Array }
  | { op: 'dbDelete'; db: DatabaseRef; key: string }
  | { op: 'dbList'; db: DatabaseRef; prefix: string }

interface DatabaseContext {
  mem: GuestMemory
  /** The current call's log lines (swapped per call, so read each time). */
  readonly logs: string[]
  /** The current call's host epoch; undefined where opens are not kept (outside a worker). */
  readonly hostEpoch?: number | undefined
}

/**
 * How long an opened database is kept (the node's own resolution is kept as long, see
 * src/services/substrate/host/databases.ts).
 */
const OPEN_MAX_AGE_MS = 5_000
/** Matchers kept per instance at most (a function opening ever new names starts over past it). */
const OPEN_KEPT = 256
/** Answers of gets and lists kept per instance at most, and the largest kept. */
const VALUES_KEPT = 1024
const KEEP_BYTES = 16 * 1024

interface Handle {
  db: DatabaseRef
  /** The value (or list) the size call fetched, read back by the following read call without a second trip. */
  last?: { what: string; bytes: Uint8Array }
}

type Fn = (...args: number[]) => number

class DatabaseHandles {
  readonly #handles = new Map<number, Handle>()
  #next = 0
  /** Matcher and get or list → the answer, while the replica's version stays the same (see the top). */
  readonly #values = new Map<string, { bytes: Uint8Array; version: HostVersion }>()
  /** Matcher → the database it opened, when, at which host epoch. */
  readonly #opened = new Map<string, { db: DatabaseRef; at: number; epoch: number }>()

  /** Forgets every handle: called when a guest call ends. */
  reset(): void {
    clearUsed(this.#handles)
    this.#next = 0
  }

  /** The database `matcher` opens (kept, see the top of this file), or the errno of a failed open. */
  #open(ctx: DatabaseContext, matcher: string, ask: HostAsk<DatabaseCall>): DatabaseRef | number {
    const epoch = ctx.hostEpoch
    const now = Date.now()
    const kept = this.#opened.get(matcher)
    if (epoch !== undefined && kept?.epoch === epoch && now - kept.at < OPEN_MAX_AGE_MS) return kept.db
    const r = ask({ op: 'dbOpen', matcher }, Errno.DatabaseCreateFailed)
    if (!r.ok || r.db === undefined) return r.errno || Errno.DatabaseCreateFailed
    if (epoch !== undefined) {
      if (this.#opened.size >= OPEN_KEPT) this.#opened.clear()
      this.#opened.set(matcher, { db: r.db, at: now, epoch })
    }
    return r.db
  }

  /** `host` is undefined where nothing can answer (an instance on the main thread). */
  imports(
    ctx: DatabaseContext,
    host: ((c: DatabaseCall) => HostReply) | undefined,
    versions?: Int32Array
  ): Record<string, Fn> {
    const ask = hostAsker<DatabaseCall>(ctx, host, 'database', 'databases are')
    const guard = guarded
    const handle = (id: number): Handle | undefined => this.#handles.get(id >>> 0)
    /** Fetches (or takes back from the size call) the bytes of a get or a list. */
    const fetch = (h: Handle, what: string, c: DatabaseCall, failed: number): Uint8Array | number => {
      if (h.last?.what === what) {
        const bytes = h.last.bytes
        h.last = undefined
        return bytes
      }
      const keep = `${h.db.match}\0${what}`
      const kept = versions === undefined ? undefined : this.#values.get(keep)
      if (kept !== undefined && versions !== undefined && stillCurrent(versions, kept.version)) return kept.bytes
      const r = ask(c, failed)
      if (!r.ok) return r.errno
      const bytes = c.op === 'dbList' ? nulList(r.keys ?? []) : (r.data ?? new Uint8Array(0))
      if (versions !== undefined && r.version !== undefined && bytes.length <= KEEP_BYTES) {
        if (this.#values.size >= VALUES_KEPT) this.#values.clear()
        this.#values.set(keep, { bytes, version: r.version })
      }
      return bytes
    }
    const sized = (h: Handle, what: string, c: DatabaseCall, failed: number, sizePtr: number): number => {
      const got = fetch(h, what, c, failed)
      if (typeof got === 'number') return got
      ctx.mem.setU32(sizePtr, got.length)
      h.last = { what, bytes: got }
      return Errno.None
    }
    const read = (h: Handle, what: string, c: DatabaseCall, failed: number, dataPtr: number): number => {
      const got = fetch(h, what, c, failed)
      if (typeof got === 'number') return got
      ctx.mem.write(dataPtr, got)
      return Errno.None
    }

    return {
      newDatabase: guard((matchPtr, matchLen, idPtr) => {
        const matcher = ctx.mem.string(matchPtr, matchLen)
        ctx.mem.check(idPtr >>> 0, 4)
        const db = this.#open(ctx, matcher, ask)
        if (typeof db === 'number') return db
        const id = this.#next++ >>> 0
        this.#handles.set(id, { db })
        ctx.mem.setU32(idPtr, id)
        return Errno.None
      }),
      databaseGetSize: guard((id, keyPtr, keyLen, sizePtr) => {
        const h = handle(id)
        if (h === undefined) return Errno.DatabaseNotFound
        const key = ctx.mem.string(keyPtr, keyLen)
        return sized(h, `get:${key}`, { op: 'dbGet', db: h.db, key }, Errno.DatabaseGetFailed, sizePtr)
      }),
      databaseGet: guard((id, keyPtr, keyLen, dataPtr) => {
        const h = handle(id)
        if (h === undefined) return Errno.DatabaseNotFound
        const key = ctx.mem.string(keyPtr, keyLen)
        return read(h, `get:${key}`, { op: 'dbGet', db: h.db, key }, Errno.DatabaseGetFailed, dataPtr)
      }),
      databasePut: guard((id, keyPtr, keyLen, bufPtr, bufSize) => {
        const h = handle(id)
        if (h === undefined) return Errno.DatabaseNotFound
        const key = ctx.mem.string(keyPtr, keyLen)
        // A copy: the guest's memory is not ours to hand to another thread.
        const data = ctx.mem.bytes(bufPtr, bufSize).slice()
        h.last = undefined
        return ask({ op: 'dbPut', db: h.db, key, data }, Errno.DatabasePutFailed).errno
      }),
      databaseDelete: guard((id, keyPtr, keyLen) => {
        const h = handle(id)
        if (h === undefined) return Errno.DatabaseNotFound
        const key = ctx.mem.string(keyPtr, keyLen)
        h.last = undefined
        return ask({ op: 'dbDelete', db: h.db, key }, Errno.DatabaseDeleteFailed).errno
      }),
      databaseListSize: guard((id, prefixPtr, prefixLen, sizePtr) => {
        const h = handle(id)
        if (h === undefined) return Errno.DatabaseNotFound
        const prefix = ctx.mem.string(prefixPtr, prefixLen)
        return sized(h, `list:${prefix}`, { op: 'dbList', db: h.db, prefix }, Errno.DatabaseListFailed, sizePtr)
      }),
      databaseList: guard((id, prefixPtr, prefixLen, dataPtr) => {
        const h = handle(id)
        if (h === undefined) return Errno.DatabaseNotFound
        const prefix = ctx.mem.string(prefixPtr, prefixLen)
        return read(h, `list:${prefix}`, { op: 'dbList', db: h.db, prefix }, Errno.DatabaseListFailed, dataPtr)
      }),
      databaseClose: guard(id => {
        if (!this.#handles.delete(id >>> 0)) return Errno.DatabaseNotFound
        return Errno.None
      })
    }
  }
}

/** Keys as go-sdk's codec decodes a string slice: each key followed by NUL. */
function nulList(keys: string[]): Uint8Array {
  return encode(keys.map(k => `${k}\0`).join(''))
}

/** Its calls wait on another node: a module importing any of these runs in a worker. */
export const databaseModule: HostModule<DatabaseCall, 'database'> = {
  name: 'database',
  module: 'taubyte/sdk',
  imports: [
    'newDatabase',
    'databaseGet',
    'databaseGetSize',
    'databasePut',
    'databaseClose',
    'databaseDelete',
    'databaseList',
    'databaseListSize'
  ],
  inline: false,
  calls: { dbOpen: true, dbGet: true, dbPut: true, dbDelete: true, dbList: true },
  link: ctx => perCall(new DatabaseHandles(), h => h.imports(ctx, ctx.host, ctx.versions))
}
