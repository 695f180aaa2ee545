import type { DatabaseRef } from '../../shared/database-ref.js'

/** The `/hoarder/v1` commands: blobs by CID, and the key/value databases functions use. */
export const HoarderCommand = {
  stash: 'stash',
  get: 'get',
  list: 'list',
  dbGet: 'db.get',
  dbPut: 'db.put',
  dbDelete: 'db.delete',
  dbList: 'db.list',
  dbDump: 'db.dump',
  dbUsage: 'db.usage'
} as const

/** `/hoarder/v1` bodies: blobs travel base64-encoded. */
export interface StashBody {
  cid: string
  data: string /** a copy fanned out by another hoarder */
  replica?: boolean
}
export interface StashReply {
  cid: string
  replicas: string[]
}
export interface GetBody {
  cid: string
}
export interface GetReply {
  cid: string
  data: string
}
export interface ListReply {
  ids: string[]
}

export interface DbKeyBody {
  db: DatabaseRef
  key: string
}
export interface DbPutBody extends DbKeyBody {
  /** base64 */
  data: string
  /** A copy the owning hoarder forwards to the next one (applied without a size check, not forwarded again). */
  replica?: boolean
  /**
   * The bytes kept elsewhere (blobs) that the entry stands for, and the most the database's entries may stand
   * for together: the owner refuses a put over it (STORAGE_FULL). See database-store.ts.
   */
  charge?: { bytes: number; quota: number }
}
export interface DbDeleteBody extends DbKeyBody {
  replica?: boolean
}
export interface DbListBody {
  db: DatabaseRef
  prefix: string
}
export interface DbGetReply {
  data: string
}
export interface DbWriteReply {
  /** Value bytes the database holds after the write. */
  used: number
}
export interface DbDumpBody {
  db: DatabaseRef
}
/** `entries` (key, value, and the entry's charge when it has one) is null when the hoarder never held the instance. */
export interface DbDumpReply {
  entries: Array<[string, string] | [string, string, number]> | null
}
/** Bytes of values a database holds, and the bytes kept elsewhere that its entries stand for (their charges). */
export interface DbUsageReply {
  used: number
  charged: number
}
export interface DbListReply {
  keys: string[]
}

/**
 * The database sync stream (`/hoarder/db-sync/v1`, one long-lived stream from a substrate to a hoarder): the
 * substrate opens instances and sends its writes to them on it; the hoarder answers each open with the
 * instance's entries, then sends every change it applies to that instance, in the order it applied them. The
 * change made by a write of this stream comes back as an `ack` of the write's id `w` in that order (the writer
 * has the value); a write refused is answered by a `nak` with the same id. An instance is named on the stream
 * by the handle `h` its opener chose (its id is 64 characters: messages are many and small). Values are base64.
 */
export const DB_SYNC_PROTOCOL = '/hoarder/db-sync/v1'
export type DbSyncRequest =
  | { t: 'open'; h: number; i: string; db: DatabaseRef }
  | { t: 'close'; h: number }
  | { t: 'put'; h: number; k: string; v: string; w: number }
  | { t: 'del'; h: number; k: string; w: number }
export type DbSyncEvent =
  | { t: 'snap'; h: number; entries: Array<[string, string]> }
  /** `v` absent: the key was deleted. */
  | { t: 'chg'; h: number; k: string; v?: string }
  | { t: 'ack'; h: number; w: number }
  | { t: 'nak'; h: number; w: number; code: string; message: string }
  | { t: 'err'; h: number; code: string; message: string }
