/**
 * The `taubyte/sdk` database functions, with tau's names, signatures and errno results (go-sdk `database`):
 * `newDatabase(matchPtr, matchLen, idPtr)` opens the project's database whose name or regex matches, then
 * get/put/delete/list by key on the id it wrote. The data is on the universe's hoarders, so each operation is a
 * host call answered by the node (host-bridge.ts): a module importing any of these never runs inline.
 * Ids count from 0 per instance as tau's do, and last one call (tau's instance lives for one call).
 */
import { clearUsed } from './clear-used.js'
import { Errno } from './errno.js'
import { guarded, hostAsker } from './host-guard.js'
import { encode, type GuestMemory } from './guest-memory.js'
import type { HostCall, HostReply } from './host-calls.js'
import type { DatabaseRef } from '../shared/database-ref.js'

/** Imports that wait on another node: a module importing one must run in a worker. */
export const DATABASE_IMPORTS: ReadonlySet<string> = new Set([
  'newDatabase',
  'databaseGet',
  'databaseGetSize',
  'databasePut',
  'databaseClose',
  'databaseDelete',
  'databaseList',
  'databaseListSize'
])

export interface DatabaseContext {
  mem: GuestMemory
  /** The current call's log lines (swapped per call, so read each time). */
  readonly logs: string[]
}

interface Handle {
  db: DatabaseRef
  /** The value (or list) the size call fetched, read back by the following read call without a second trip. */
  last?: { what: string; bytes: Uint8Array }
}

type Fn = (...args: number[]) => number

export class DatabaseHandles {
  readonly #handles = new Map<number, Handle>()
  #next = 0

  /** Forgets every handle: called when a guest call ends. */
  reset(): void {
    clearUsed(this.#handles)
    this.#next = 0
  }

  /** `host` is undefined where nothing can answer (an instance on the main thread). */
  imports(ctx: DatabaseContext, host: ((c: HostCall) => HostReply) | undefined): Record<string, Fn> {
    const ask = hostAsker<HostCall>(ctx, host, 'database', 'databases are')
    const guard = guarded
    const handle = (id: number): Handle | undefined => this.#handles.get(id >>> 0)
    /** Fetches (or takes back from the size call) the bytes of a get or a list. */
    const fetch = (h: Handle, what: string, c: HostCall, failed: number): Uint8Array | number => {
      if (h.last?.what === what) {
        const bytes = h.last.bytes
        h.last = undefined
        return bytes
      }
      const r = ask(c, failed)
      if (!r.ok) return r.errno
      return c.op === 'dbList' ? nulList(r.keys ?? []) : (r.data ?? new Uint8Array(0))
    }
    const sized = (h: Handle, what: string, c: HostCall, failed: number, sizePtr: number): number => {
      const got = fetch(h, what, c, failed)
      if (typeof got === 'number') return got
      ctx.mem.setU32(sizePtr, got.length)
      h.last = { what, bytes: got }
      return Errno.None
    }
    const read = (h: Handle, what: string, c: HostCall, failed: number, dataPtr: number): number => {
      const got = fetch(h, what, c, failed)
      if (typeof got === 'number') return got
      ctx.mem.write(dataPtr, got)
      return Errno.None
    }

    return {
      newDatabase: guard((matchPtr, matchLen, idPtr) => {
        const matcher = ctx.mem.string(matchPtr, matchLen)
        ctx.mem.check(idPtr >>> 0, 4)
        const r = ask({ op: 'dbOpen', matcher }, Errno.DatabaseCreateFailed)
        if (!r.ok || r.db === undefined) return r.errno || Errno.DatabaseCreateFailed
        const id = this.#next++ >>> 0
        this.#handles.set(id, { db: r.db })
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
