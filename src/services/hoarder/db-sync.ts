/**
 * The hoarder's end of the database sync streams (DB_SYNC_PROTOCOL in protocol.ts): each substrate holds one
 * stream to the hoarder owning its databases, opens the instances its functions use on it, and gets their
 * entries and then every change applied to them, whoever wrote it, in the order applied. Its own writes arrive on
 * the same stream, to the instances it opened, and are applied in order with the size check; each is acknowledged
 * in the place of the change it made, so a substrate never has a change it acknowledged overtaken by an older
 * one.
 */
import type { Stream } from '@libp2p/interface'
import { FramedStream } from '../../p2p/framed-stream.js'
import type { P2PNode } from '../../p2p/node.js'
import { DreamError, errorMessage } from '../../shared/errors.js'
import type { Logger } from '../../shared/log.js'
import type { DatabaseStore } from './database-store.js'
import { DB_SYNC_PROTOCOL, instanceId, type DbSyncEvent, type DbSyncRequest } from './protocol.js'
import type { DatabaseRef } from '../../shared/database-ref.js'

/** A write from a sync stream, as the store hands it back to its change listeners. */
class Origin {
  readonly session: Session
  readonly h: number
  readonly w: number
  constructor(session: Session, h: number, w: number) {
    this.session = session
    this.h = h
    this.w = w
  }
}

interface Session {
  link: FramedStream<DbSyncRequest, DbSyncEvent>
  /** Handle → the instance this stream opened under it. */
  open: Map<number, { i: string; db: DatabaseRef }>
}

export interface DbSyncOptions {
  node: P2PNode
  store: DatabaseStore
  log: Logger
  /** Checks a request's database and key (the one-shot commands' checks); throws what is wrong. */
  check: (db: DatabaseRef, key?: string) => void
  /** A write applied from a stream, to copy to the next hoarder as the one-shot commands do. */
  copy: (db: DatabaseRef, key: string, value: string | undefined) => void
}

export class DbSyncServer {
  readonly #o: DbSyncOptions
  readonly #sessions = new Set<Session>()
  /** Instance id → the sessions that opened it, and their handle for it. */
  readonly #watchers = new Map<string, Map<Session, number>>()
  #unwatch: (() => void) | undefined

  constructor(o: DbSyncOptions) {
    this.#o = o
  }

  async start(): Promise<void> {
    this.#unwatch = this.#o.store.watch((i, k, v, origin) => {
      this.#changed(i, k, v, origin)
    })
    await this.#o.node.handle(
      DB_SYNC_PROTOCOL,
      (stream: Stream) => {
        this.#accept(stream)
      },
      { runOnLimitedConnection: false }
    )
  }

  async stop(): Promise<void> {
    await this.#o.node.unhandle(DB_SYNC_PROTOCOL).catch(() => {})
    this.#unwatch?.()
    for (const s of this.#sessions) s.link.close()
    this.#sessions.clear()
    this.#watchers.clear()
  }

  #accept(stream: Stream): void {
    const session: Session = {
      open: new Map(),
      link: new FramedStream<DbSyncRequest, DbSyncEvent>(
        stream,
        m => {
          this.#request(session, m)
        },
        () => {
          this.#sessions.delete(session)
          for (const { i } of session.open.values()) this.#unwatch1(i, session)
        }
      )
    }
    this.#sessions.add(session)
  }

  #request(s: Session, m: DbSyncRequest): void {
    if (m.t === 'close') {
      const o = s.open.get(m.h)
      s.open.delete(m.h)
      if (o !== undefined) this.#unwatch1(o.i, s)
      return
    }
    if (m.t === 'open') {
      try {
        this.#o.check(m.db)
        if (instanceId(m.db) !== m.i) throw new DreamError('DATABASE_BAD_REQUEST', 'instance id does not match db')
        if (s.open.has(m.h)) throw new DreamError('DATABASE_BAD_REQUEST', `handle ${m.h} is already open`)
      } catch (err) {
        s.link.send({ t: 'err', h: m.h, code: codeOf(err), message: errorMessage(err) })
        return
      }
      this.#open(s, m.h, m.i, m.db)
      return
    }
    const o = s.open.get(m.h)
    try {
      if (o === undefined) throw new DreamError('DATABASE_BAD_REQUEST', `no database is open under handle ${m.h}`)
      this.#o.check(o.db, m.k)
    } catch (err) {
      s.link.send({ t: 'nak', h: m.h, w: m.w, code: codeOf(err), message: errorMessage(err) })
      return
    }
    this.#write(s, o.i, o.db, m)
  }

  #unwatch1(i: string, s: Session): void {
    const watchers = this.#watchers.get(i)
    watchers?.delete(s)
    if (watchers?.size === 0) this.#watchers.delete(i)
  }

  #open(s: Session, h: number, i: string, db: DatabaseRef): void {
    this.#o.store
      .snapshot(db, entries => {
        if (this.#sessions.has(s) === false) return
        s.open.set(h, { i, db })
        let watchers = this.#watchers.get(i)
        if (watchers === undefined) {
          watchers = new Map()
          this.#watchers.set(i, watchers)
        }
        watchers.set(s, h)
        s.link.send({ t: 'snap', h, entries: entries.map(([k, v]) => [k, Buffer.from(v).toString('base64')]) })
      })
      .catch((err: unknown) => {
        s.link.send({ t: 'err', h, code: codeOf(err), message: `opening database ${db.name}: ${errorMessage(err)}` })
      })
  }

  #write(s: Session, i: string, db: DatabaseRef, m: Extract<DbSyncRequest, { t: 'put' | 'del' }>): void {
    const o = { origin: new Origin(s, m.h, m.w), instance: i }
    const done =
      m.t === 'put' ? this.#o.store.put(db, m.k, Buffer.from(m.v, 'base64'), o) : this.#o.store.delete(db, m.k, o)
    done.then(
      () => {
        this.#o.copy(db, m.k, m.t === 'put' ? m.v : undefined)
      },
      (err: unknown) => {
        const code = codeOf(err)
        if (code !== 'DATABASE_FULL') this.#o.log.warn(`database ${db.name}: write failed: ${errorMessage(err)}`)
        s.link.send({ t: 'nak', h: m.h, w: m.w, code, message: errorMessage(err) })
      }
    )
  }

  /** Sends a change to each session that opened the instance, and its acknowledgement to the one that wrote it. */
  #changed(i: string, k: string, v: string | undefined, origin: unknown): void {
    const writer = origin instanceof Origin ? origin : undefined
    for (const [s, h] of this.#watchers.get(i) ?? [])
      if (s !== writer?.session) s.link.send(v === undefined ? { t: 'chg', h, k } : { t: 'chg', h, k, v })
    writer?.session.link.send({ t: 'ack', h: writer.h, w: writer.w })
  }
}

function codeOf(err: unknown): string {
  return err instanceof DreamError ? err.code : 'INTERNAL'
}
