import { readFile, readdir, rename } from 'node:fs/promises'
import { join } from 'node:path'
import { BaseService } from '../base.js'
import { commands, type Commands } from '../../p2p/commands.js'
import { cidOf, isCid } from '../../shared/cid.js'
import { type DreamError, InvalidInputError, NotFoundError } from '../../shared/errors.js'
import { mkdirPrivate, writeFilePrivate } from '../../shared/private-fs.js'
import type { ServiceComponents } from '../types.js'
import { HoarderClient } from './client.js'
import type { DatabaseRef } from '../../shared/database-ref.js'
import { DatabaseStore, type DumpEntry } from './database-store.js'
import { DbSyncServer } from './db-sync.js'
import {
  HoarderBodies,
  HoarderCommand,
  type DbDeleteBody,
  type DbDumpReply,
  type DbGetReply,
  type DbListReply,
  type DbPutBody,
  type DbUsageReply,
  type DbWriteReply,
  type GetReply,
  type StashBody,
  type StashReply,
  instanceId,
  rankFor
} from './protocol.js'
import type { HoarderSettings } from './settings.js'

/** Longest database key accepted (bytes of UTF-8). */
const MAX_KEY = 4096

export type HoarderComponents = Pick<ServiceComponents, 'node' | 'http' | 'directory' | 'root' | 'log'>

/**
 * Stores blobs (build artifacts, job logs) by content id under the node's root. A stash whose bytes do not hash
 * to the claimed CID is refused; an accepted one is copied to one other hoarder when there is one (stash target 2,
 * as in tau), so losing a hoarder loses nothing. Also holds the databases functions use (database-store.ts): a
 * write is applied here and copied to the next hoarder in the instance's rank (placement.ts).
 */
export class HoarderService extends BaseService {
  readonly name = 'hoarder'
  readonly #c: HoarderComponents
  readonly #peers: HoarderClient
  readonly #databases: DatabaseStore
  readonly #sync: DbSyncServer
  /** Instance id → the last copy under way to the next hoarder: copies of one instance go in order. */
  readonly #copies = new Map<string, Promise<void>>()

  constructor(components: HoarderComponents, settings: HoarderSettings) {
    super(components)
    this.#c = components
    this.#peers = new HoarderClient(components.node, components.directory)
    this.#databases = new DatabaseStore(components.root, async db => await this.#seed(db), settings.compactSlack)
    this.#sync = new DbSyncServer({
      node: components.node,
      store: this.#databases,
      log: components.log,
      check: (db, key) => {
        checkRef(db)
        if (key !== undefined) checkKey(key)
      },
      copy: (db, key, data) => {
        const body = data === undefined ? { db, key } : { db, key, data }
        this.#copyInOrder(db, data === undefined ? HoarderCommand.dbDelete : HoarderCommand.dbPut, body)
      }
    })
  }

  get #dir(): string {
    return join(this.#c.root, 'blobs')
  }

  protected override async open(): Promise<void> {
    await mkdirPrivate(this.#dir)
    await this.#databases.start()
    await this.#sync.start()
  }

  protected override async close(): Promise<void> {
    await this.#sync.stop()
    await Promise.all(this.#copies.values())
    await this.#databases.stop()
  }

  protected override handlers(): Commands {
    return commands(HoarderBodies, {
      [HoarderCommand.stash]: async (b): Promise<StashReply> => {
        if (!isCid(b.cid)) throw new InvalidInputError('HOARDER_BAD_CID', `"${b.cid}" is not a CID`)
        const bytes = Buffer.from(b.data, 'base64')
        const actual = await cidOf(bytes)
        if (actual !== b.cid)
          throw new InvalidInputError(
            'HOARDER_CID_MISMATCH',
            `bytes hash to ${actual}, not to the claimed ${b.cid}; nothing stored`
          )
        await this.#write(b.cid, bytes)
        const replicas = b.replica === true ? [] : await this.#replicate(b)
        return { cid: b.cid, replicas: [this.#c.node.peerId.toString(), ...replicas] }
      },
      [HoarderCommand.get]: async (b): Promise<GetReply> => {
        if (!isCid(b.cid)) throw new InvalidInputError('HOARDER_BAD_CID', `"${b.cid}" is not a CID`)
        try {
          return { cid: b.cid, data: (await readFile(join(this.#dir, b.cid))).toString('base64') }
        } catch {
          throw new NotFoundError('HOARDER_NOT_FOUND', `${b.cid} is not stored on this hoarder`)
        }
      },
      [HoarderCommand.list]: async () => ({ ids: (await readdir(this.#dir)).filter(f => !f.startsWith('.')) }),
      [HoarderCommand.dbGet]: async (b): Promise<DbGetReply> => {
        const data = await this.#databases.get(b.db, checkKey(b.key))
        return { data: Buffer.from(data).toString('base64') }
      },
      [HoarderCommand.dbList]: async (b): Promise<DbListReply> => ({
        keys: await this.#databases.list(b.db, b.prefix)
      }),
      [HoarderCommand.dbDump]: async (b): Promise<DbDumpReply> => {
        const entries = await this.#databases.dump(b.db)
        return {
          entries:
            entries?.map(([k, v, c]) => {
              const data = Buffer.from(v).toString('base64')
              return c === undefined ? [k, data] : [k, data, c]
            }) ?? null
        }
      },
      [HoarderCommand.dbUsage]: async (b): Promise<DbUsageReply> => await this.#databases.usage(b.db),
      [HoarderCommand.dbPut]: async (b): Promise<DbWriteReply> => {
        const db = b.db
        const key = checkKey(b.key)
        const charge = b.charge
        const used = await this.#databases.put(db, key, Buffer.from(b.data, 'base64'), {
          checkSize: b.replica !== true,
          ...(charge === undefined ? {} : { charge })
        })
        if (b.replica !== true)
          await this.#copyWrite(db, HoarderCommand.dbPut, { db, key, data: b.data, ...(charge ? { charge } : {}) })
        return { used }
      },
      [HoarderCommand.dbDelete]: async (b): Promise<DbWriteReply> => {
        const db = b.db
        const key = checkKey(b.key)
        const used = await this.#databases.delete(db, key)
        if (b.replica !== true) await this.#copyWrite(db, HoarderCommand.dbDelete, { db, key })
        return { used }
      }
    })
  }

  /** The first copy of an instance another live hoarder holds, asked in the instance's rank. */
  async #seed(db: DatabaseRef): Promise<DumpEntry[] | undefined> {
    const self = this.#c.node.peerId.toString()
    for (const peer of rankFor(instanceId(db), this.#peers.peers()).filter(p => p.peerId !== self)) {
      try {
        const entries = await this.#peers.dbDumpFrom(peer, db)
        if (entries !== undefined) return entries
      } catch (err) {
        this.#c.log.warn(`asking ${peer.peerId} for database ${db.name} failed: ${String(err)}`)
      }
    }
    return undefined
  }

  /** Copies a database write to the next live hoarder in the instance's rank (best effort, as blob replicas). */
  async #copyWrite(db: DatabaseRef, cmd: string, body: DbPutBody | DbDeleteBody): Promise<void> {
    const self = this.#c.node.peerId.toString()
    const next = rankFor(instanceId(db), this.#peers.peers()).find(p => p.peerId !== self)
    if (next === undefined) return
    try {
      await this.#peers.dbWriteOn(next, cmd, { ...body, replica: true })
    } catch (err) {
      this.#c.log.warn(`copying a write of database ${db.name} to ${next.peerId} failed: ${String(err)}`)
    }
  }

  /** A stream write's copy to the next hoarder, after the instance's previous copies (it is not awaited). */
  #copyInOrder(db: DatabaseRef, cmd: string, body: DbPutBody | DbDeleteBody): void {
    // No other hoarder to copy to. (This one may have left the directory already: it is being stopped, and
    // still applies the writes under way, which the next one must get.)
    const self = this.#c.node.peerId.toString()
    if (!this.#peers.peers().some(p => p.peerId !== self)) return
    const id = instanceId(db)
    const next = (this.#copies.get(id) ?? Promise.resolve()).then(async () => {
      await this.#copyWrite(db, cmd, body)
    })
    this.#copies.set(id, next)
    void next.finally(() => {
      if (this.#copies.get(id) === next) this.#copies.delete(id)
    })
  }

  async #write(cid: string, bytes: Uint8Array): Promise<void> {
    const tmp = join(this.#dir, `.${cid}.tmp`)
    await writeFilePrivate(tmp, bytes)
    await rename(tmp, join(this.#dir, cid))
  }

  /** Copies the blob to one other live hoarder; returns the peers that now hold it. */
  async #replicate(b: StashBody): Promise<string[]> {
    const self = this.#c.node.peerId.toString()
    for (const peer of this.#peers.peers().filter(e => e.peerId !== self)) {
      try {
        await this.#peers.stashOn(peer, { ...b, replica: true })
        return [peer.peerId]
      } catch (err) {
        this.#c.log.warn(`replicating ${b.cid} to ${peer.peerId} failed: ${String(err)}`)
      }
    }
    return []
  }
}

function badDb(what: string): DreamError {
  return new InvalidInputError('DATABASE_BAD_REQUEST', `database request: ${what}`)
}

/** A database as a db-sync stream names it (its commands' bodies are checked by their shapes, protocol.ts). */
function checkRef(db: DatabaseRef | undefined): DatabaseRef {
  if (db === undefined || typeof db !== 'object') throw badDb('db is missing')
  for (const f of ['project', 'application', 'match', 'name'] as const)
    if (typeof db[f] !== 'string') throw badDb(`db.${f} must be a string`)
  if (db.project === '' || db.match === '') throw badDb('db.project and db.match must not be empty')
  if (typeof db.size !== 'number' || !(db.size >= 0)) throw badDb('db.size must be a number of bytes')
  return db
}

/** The key's length in bytes of UTF-8, which its shape (a string) cannot say. */
function checkKey(key: string): string {
  if (Buffer.byteLength(key) > MAX_KEY) throw badDb(`key is longer than ${MAX_KEY} bytes`)
  return key
}
