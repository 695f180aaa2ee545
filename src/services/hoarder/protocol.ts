import { createHash } from 'node:crypto'
import { bodyShape, objectShape } from '../../p2p/commands.js'
import type { NodeEntry } from '../../p2p/directory.js'
import type { DatabaseRef } from '../../shared/database-ref.js'
import { DreamError } from '../../shared/errors.js'

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
const text = { type: 'string' }
const bytes = { type: 'number', minimum: 0 }
const cid = objectShape({ cid: text }, ['cid'])
const db = objectShape(
  {
    project: { type: 'string', minLength: 1 },
    application: text,
    match: { type: 'string', minLength: 1 },
    name: text,
    size: { type: 'number', minimum: 0 }
  },
  ['project', 'application', 'match', 'name', 'size']
)
/** A database command's body: `db`, and the fields given. */
const dbBody = <T>(fields: Record<string, object>, required: string[]) =>
  bodyShape<T>(objectShape({ db, ...fields }, ['db', ...required]), 'DATABASE_BAD_REQUEST')

/** The body each command takes, checked when it arrives. */
export const HoarderBodies = {
  [HoarderCommand.stash]: bodyShape<StashBody>(
    objectShape({ cid: text, data: text, replica: { type: 'boolean' } }, ['cid', 'data'])
  ),
  [HoarderCommand.get]: bodyShape<GetBody>(cid),
  [HoarderCommand.list]: bodyShape<unknown>({ type: 'object' }),
  [HoarderCommand.dbGet]: dbBody<DbKeyBody>({ key: text }, ['key']),
  [HoarderCommand.dbPut]: dbBody<DbPutBody>(
    {
      key: text,
      data: text,
      replica: { type: 'boolean' },
      charge: objectShape({ bytes, quota: bytes }, ['bytes', 'quota'])
    },
    ['key', 'data']
  ),
  [HoarderCommand.dbDelete]: dbBody<DbDeleteBody>({ key: text, replica: { type: 'boolean' } }, ['key']),
  [HoarderCommand.dbList]: dbBody<DbListBody>({ prefix: text }, ['prefix']),
  [HoarderCommand.dbDump]: dbBody<DbDumpBody>({}, []),
  [HoarderCommand.dbUsage]: dbBody<DbDumpBody>({}, [])
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

/*
 * Which hoarders hold a database: every node ranks the live hoarders the same way for an instance (rendezvous
 * hashing on instance id + peer id), so every substrate reaches the same owner and the owner copies each write to
 * the next in rank, which takes over when the owner is gone.
 */
const score = (instance: string, peer: string): string =>
  createHash('sha256').update(`${instance}/${peer}`).digest('hex')

/** `peers` ranked for `instance`, the owner first. */
export function rankFor(instance: string, peers: readonly NodeEntry[]): NodeEntry[] {
  return peers
    .map(p => ({ p, s: score(instance, p.peerId) }))
    .sort((a, b) => (a.s < b.s ? 1 : a.s > b.s ? -1 : 0))
    .map(x => x.p)
}

/**
 * The instance id of a database: a hash of project id, application id and matcher, as tau's, but of the three
 * kept apart (JSON), so that no project's matcher can spell another scope's instance.
 */
export function instanceId(db: Pick<DatabaseRef, 'project' | 'application' | 'match'>): string {
  return createHash('sha256')
    .update(JSON.stringify([db.project, db.application, db.match]))
    .digest('hex')
}

/** The error of a put that would make `db` hold `after` bytes of values, more than its size. */
export function databaseFull(db: DatabaseRef, key: string, bytes: number, after: number): DreamError {
  return new DreamError(
    'DATABASE_FULL',
    `database ${db.name} is limited to ${db.size} bytes: putting "${key}" (${bytes} bytes) would ` +
      `make it ${after}; nothing was written (raise storage.size in databases/${db.name}.yaml)`
  )
}
