/**
 * The hoarder's end of the database sync streams (DB_SYNC_PROTOCOL in protocol.ts): each substrate holds one
 * stream to the hoarder owning its databases, opens the instances its functions use on it, and gets their
 * entries and then every change applied to them, whoever wrote it, in the order applied. Its own writes arrive on
 * the same stream and are applied in order with the size check; the change they make, with the write's id, is
 * their acknowledgement, so a substrate never has a change it acknowledged overtaken by an older one.
 */
import type { Stream } from '@libp2p/interface'
import { FramedStream } from '../../p2p/framed-stream.js'
import type { P2PNode } from '../../p2p/node.js'
import { DreamError, errorMessage } from '../../shared/errors.js'
import type { Logger } from '../../shared/log.js'
import type { DatabaseStore } from './database-store.js'
import { instanceId } from './placement.js'
import { DB_SYNC_PROTOCOL, type DbSyncEvent, type DbSyncRequest } from './protocol.js'
import type { DatabaseRef } from '../../shared/database-ref.js'

/** A write from a sync stream, as the store hands it back to its change listeners. */
class Origin {
  readonly session: Session
  readonly w: number
  constructor(session: Session, w: number) {
    this.session = session
    this.w = w
  }
}

interface Session {
  link: FramedStream<DbSyncRequest, DbSyncEvent>
  open: Set<string>
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
  /** Instance id → the sessions that opened it. */
  readonly #watchers = new Map<string, Set<Session>>()
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
      open: new Set(),
      link: new FramedStream<DbSyncRequest, DbSyncEvent>(
        stream,
        m => {
          this.#request(session, m)
        },
        () => {
          this.#sessions.delete(session)
          for (const i of session.open) this.#watchers.get(i)?.delete(session)
        }
      )
    }
    this.#sessions.add(session)
  }

  #request(s: Session, m: DbSyncRequest): void {
    if (m.t === 'close') {
      s.open.delete(m.i)
      this.#watchers.get(m.i)?.delete(s)
      return
    }
    try {
      this.#o.check(m.db, m.t === 'open' ? undefined : m.k)
      if (instanceId(m.db) !== m.i) throw new DreamError('DATABASE_BAD_REQUEST', 'instance id does not match db')
    } catch (err) {
      const code = err instanceof DreamError ? err.code : 'INTERNAL'
      if (m.t === 'open') s.link.send({ t: 'err', i: m.i, code, message: errorMessage(err) })
      else s.link.send({ t: 'nak', i: m.i, w: m.w, code, message: errorMessage(err) })
      return
    }
    if (m.t === 'open') this.#open(s, m.i, m.db)
    else this.#write(s, m)
  }

  #open(s: Session, i: string, db: DatabaseRef): void {
    this.#o.store
      .snapshot(db, entries => {
        s.open.add(i)
        let watchers = this.#watchers.get(i)
        if (watchers === undefined) {
          watchers = new Set()
          this.#watchers.set(i, watchers)
        }
        watchers.add(s)
        s.link.send({ t: 'snap', i, entries: entries.map(([k, v]) => [k, Buffer.from(v).toString('base64')]) })
      })
      .catch((err: unknown) => {
        const code = err instanceof DreamError ? err.code : 'INTERNAL'
        s.link.send({ t: 'err', i, code, message: `opening database ${db.name}: ${errorMessage(err)}` })
      })
  }

  #write(s: Session, m: Extract<DbSyncRequest, { t: 'put' | 'del' }>): void {
    const origin = new Origin(s, m.w)
    const done =
      m.t === 'put'
        ? this.#o.store.put(m.db, m.k, Buffer.from(m.v, 'base64'), true, origin)
        : this.#o.store.delete(m.db, m.k, origin)
    done.then(
      () => {
        this.#o.copy(m.db, m.k, m.t === 'put' ? m.v : undefined)
      },
      (err: unknown) => {
        const code = err instanceof DreamError ? err.code : 'INTERNAL'
        if (code !== 'DATABASE_FULL') this.#o.log.warn(`database ${m.db.name}: write failed: ${errorMessage(err)}`)
        s.link.send({ t: 'nak', i: m.i, w: m.w, code, message: errorMessage(err) })
      }
    )
  }

  /** Sends a change to each session that opened the instance, and its acknowledgement to the one that wrote it. */
  #changed(i: string, k: string, v: string | undefined, origin: unknown): void {
    const writer = origin instanceof Origin ? origin : undefined
    const watchers = this.#watchers.get(i)
    const ev = { t: 'chg' as const, i, k, ...(v === undefined ? {} : { v }) }
    for (const s of watchers ?? []) s.link.send(s === writer?.session ? { ...ev, w: writer.w } : ev)
    if (writer !== undefined && watchers?.has(writer.session) !== true) writer.session.link.send({ ...ev, w: writer.w })
  }
}
