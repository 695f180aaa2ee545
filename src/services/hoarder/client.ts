import type { NodeEntry } from '../../p2p/directory.js'
import { cidOf } from '../../shared/cid.js'
import { DreamError, NotFoundError } from '../../shared/errors.js'
import { ServiceClient } from '../client.js'
import type { DatabaseRef } from '../../shared/database-ref.js'
import type { DumpEntry } from './database-store.js'
import {
  HoarderCommand,
  instanceId,
  rankFor,
  type DbDeleteBody,
  type DbDumpReply,
  type DbGetReply,
  type DbListReply,
  type DbPutBody,
  type DbUsageReply,
  type DbWriteReply,
  type GetReply,
  type ListReply,
  type StashBody,
  type StashReply
} from './protocol.js'

/** Stores and fetches blobs by CID through whichever hoarders are alive. */
export class HoarderClient extends ServiceClient {
  protected readonly service = 'hoarder'

  async stash(bytes: Uint8Array): Promise<StashReply> {
    const cid = await cidOf(bytes)
    return await this.call<StashReply>(HoarderCommand.stash, { cid, data: Buffer.from(bytes).toString('base64') })
  }

  /** Stores an already-encoded blob on one given hoarder (a replica or a raw claim that the node checks). */
  async stashOn(peer: NodeEntry, body: StashBody): Promise<StashReply> {
    return await this.call<StashReply>(HoarderCommand.stash, body, peer)
  }

  /** The raw reply of one hoarder for `cid`, unchecked. */
  async getFrom(peer: NodeEntry, cid: string): Promise<GetReply> {
    return await this.call<GetReply>(HoarderCommand.get, { cid }, peer)
  }

  /** The CIDs one hoarder holds. */
  async list(peer: NodeEntry): Promise<string[]> {
    return (await this.call<ListReply>(HoarderCommand.list, {}, peer)).ids
  }

  /** The CIDs that at least one live hoarder holds (a hoarder that does not answer counts as holding none). */
  async held(): Promise<Set<string>> {
    const lists = await Promise.all(this.peers().map(async p => await this.list(p).catch(() => [] as string[])))
    return new Set(lists.flat())
  }

  /** Asks each hoarder in turn until one holds the blob, and checks the bytes against the CID. */
  async get(cid: string): Promise<Uint8Array> {
    for (const peer of this.peers()) {
      try {
        const reply = await this.getFrom(peer, cid)
        const bytes = new Uint8Array(Buffer.from(reply.data, 'base64'))
        if ((await cidOf(bytes)) !== cid)
          throw new DreamError('HOARDER_CORRUPT', `hoarder ${peer.peerId} returned bytes that do not match ${cid}`)
        return bytes
      } catch (err) {
        if (err instanceof DreamError && err.code === 'HOARDER_CORRUPT') throw err
      }
    }
    throw new NotFoundError('BLOB_NOT_FOUND', `no live hoarder holds ${cid}`)
  }

  /** A value of a database (DATABASE_KEY_NOT_FOUND when it has no such key). */
  async dbGet(db: DatabaseRef, key: string): Promise<Uint8Array> {
    const r = await this.#onOwner<DbGetReply>(db, HoarderCommand.dbGet, { db, key })
    return new Uint8Array(Buffer.from(r.data, 'base64'))
  }

  /**
   * Stores a value (DATABASE_FULL when the database would exceed its size; STORAGE_FULL when its entries' charges
   * would exceed `charge.quota`, see DbPutBody); returns the bytes it holds.
   */
  async dbPut(db: DatabaseRef, key: string, value: Uint8Array, charge?: DbPutBody['charge']): Promise<number> {
    const data = Buffer.from(value).toString('base64')
    const body: DbPutBody = charge === undefined ? { db, key, data } : { db, key, data, charge }
    return (await this.#onOwner<DbWriteReply>(db, HoarderCommand.dbPut, body)).used
  }

  /** Bytes of values `db` holds, and the bytes its entries' charges stand for. */
  async dbUsage(db: DatabaseRef): Promise<DbUsageReply> {
    return await this.#onOwner<DbUsageReply>(db, HoarderCommand.dbUsage, { db })
  }

  async dbDelete(db: DatabaseRef, key: string): Promise<number> {
    return (await this.#onOwner<DbWriteReply>(db, HoarderCommand.dbDelete, { db, key })).used
  }

  /** The keys starting with `prefix`, sorted. */
  async dbList(db: DatabaseRef, prefix: string): Promise<string[]> {
    return (await this.#onOwner<DbListReply>(db, HoarderCommand.dbList, { db, prefix })).keys
  }

  /** One hoarder's whole copy of an instance (undefined when it has none): seeds a new owner. */
  async dbDumpFrom(peer: NodeEntry, db: DatabaseRef): Promise<DumpEntry[] | undefined> {
    const r = await this.call<DbDumpReply>(HoarderCommand.dbDump, { db }, peer)
    return r.entries?.map(([k, v, c]) => {
      const value = new Uint8Array(Buffer.from(v, 'base64'))
      return c === undefined ? [k, value] : [k, value, c]
    })
  }

  /** One write on one given hoarder (the owner's copy to the next in rank). */
  async dbWriteOn(peer: NodeEntry, cmd: string, body: DbPutBody | DbDeleteBody): Promise<DbWriteReply> {
    return await this.call<DbWriteReply>(cmd, body, peer)
  }

  /** Calls the instance's owner, or the next in rank when it cannot be reached. */
  async #onOwner<T>(db: DatabaseRef, cmd: string, body: unknown): Promise<T> {
    const ranked = rankFor(instanceId(db), this.peers())
    if (ranked.length === 0) return await this.call<T>(cmd, body) // says that no hoarder runs
    let last: unknown
    for (const peer of ranked) {
      try {
        return await this.call<T>(cmd, body, peer)
      } catch (err) {
        if (!(err instanceof DreamError) || (err.code !== 'P2P_UNREACHABLE' && err.code !== 'P2P_TIMEOUT')) throw err
        last = err
      }
    }
    throw last
  }
}
