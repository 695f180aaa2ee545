/**
 * The database instances a substrate's functions use, each kept as a local replica (database-replica.ts) fed by
 * the hoarder that owns it (placement.ts) over one long-lived sync stream per hoarder (hoarder/db-sync.ts): reads
 * are answered here; a write goes into the replica at once and to the owner on that stream, in order, and its
 * caller is answered once the owner acknowledged it (it is then in the owner's log, database-store.ts), so a
 * write a function was told of survives a crash of the process. When the owner's stream ends (the hoarder
 * stopped) or another hoarder comes to own the instance, the replica is opened again on the owner now, and the
 * writes it has not acknowledged are sent there again; when that takes longer than its open time, the calls
 * waiting on it fail (DATABASE_UNAVAILABLE) rather than wait for their deadline. Replicas unused for their idle
 * time are closed.
 */
import type { Stream } from '@libp2p/interface'
import type { Directory, NodeEntry } from '../../../p2p/directory.js'
import { FramedStream } from '../../../p2p/framed-stream.js'
import type { P2PNode } from '../../../p2p/node.js'
import type { DatabaseRef } from '../../../shared/database-ref.js'
import { DreamError, errorMessage, receivedCode } from '../../../shared/errors.js'
import type { Logger } from '../../../shared/log.js'
import { instanceId, rankFor } from '../../hoarder/protocol.js'
import { DB_SYNC_PROTOCOL, type DbSyncEvent, type DbSyncRequest } from '../../hoarder/protocol.js'
import { DatabaseReplica, type PendingWrite } from './database-replica.js'
import type { HostVersion, HostVersions } from '../../../vm/host-versions.js'
import { SUBSTRATE_DEFAULTS } from '../settings.js'

const DIAL_TIMEOUT_MS = 5_000

interface Link {
  peer: string
  stream: FramedStream<DbSyncEvent, DbSyncRequest>
  /** Handle → the replica opened on this link under it. */
  open: Map<number, Entry>
  nextHandle: number
}

interface Entry {
  id: string
  /** Project, application and matcher (see #byScope). */
  scope: string
  /** Its counter in `versions`, when it has one. */
  slot: number | undefined
  replica: DatabaseReplica
  /** The link it is opened on, once its `open` was sent, and its handle there. */
  link?: Link
  h: number
  /** The live hoarders when its owner was chosen: another set may have another owner. */
  hoarders: string
  /** Settles when the owner's entries arrived (or the open failed). */
  ready: Promise<void>
  loaded: boolean
  /** How `ready` settles, while it has not. */
  settle?: { resolve: () => void; reject: (e: unknown) => void }
  /** Fails the waiting calls when an open takes longer than its open time. */
  openTimer?: NodeJS.Timeout
  lastUsed: number
}

/** The caller of a write waiting for its owner's answer. */
interface Waiter {
  e: Entry
  resolve: () => void
  reject: (err: unknown) => void
}

export interface DatabaseReplicasOptions {
  node: P2PNode
  directory: Directory
  log: Logger
  /** The workers' version counters: each replica's counts its changes, so workers may keep what they read. */
  versions?: HostVersions
  /** A replica unused this long, with no write pending, is closed (default: the substrate's `replicaIdleMs`). */
  idleMs?: number
  /**
   * How long an open (again, on the next hoarder, when the owner went away) may take before the calls waiting on
   * it (reads, and writes not acknowledged) fail (default: the substrate's `replicaOpenMs`).
   */
  openMs?: number
}

export class DatabaseReplicas {
  readonly #o: DatabaseReplicasOptions
  readonly #idleMs: number
  readonly #openMs: number
  /** By instance id. */
  readonly #entries = new Map<string, Entry>()
  /** The same by project, application and matcher (an instance id is a hash: this saves one per call). */
  readonly #byScope = new Map<string, Entry>()
  readonly #links = new Map<string, Promise<Link>>()
  #nextWrite = 1
  /** Write id → its caller, until the owner acknowledges or refuses it. */
  readonly #waiting = new Map<number, Waiter>()
  /** Writes sent and not acknowledged, over all replicas, and who waits for them to be none (stop). */
  #unacked = 0
  #drained: Array<() => void> = []
  #sweep: NodeJS.Timeout | undefined

  constructor(o: DatabaseReplicasOptions) {
    this.#o = o
    this.#idleMs = o.idleMs ?? SUBSTRATE_DEFAULTS.replicaIdleMs
    this.#openMs = o.openMs ?? SUBSTRATE_DEFAULTS.replicaOpenMs
  }

  start(): void {
    this.#sweep = setInterval(() => {
      this.#closeIdle()
    }, this.#idleMs / 2)
    this.#sweep.unref()
  }

  /** Resolves once the owners acknowledged (or refused) every write made so far, or after `waitMs`. */
  async flushed(waitMs = 60_000): Promise<void> {
    if (this.#unacked === 0) return
    let timer: NodeJS.Timeout | undefined
    await new Promise<void>(resolve => {
      this.#drained.push(resolve)
      timer = setTimeout(resolve, waitMs)
    })
    clearTimeout(timer)
  }

  /** Waits (up to 5 s) for the owners to acknowledge the writes made, then closes every stream. */
  async stop(): Promise<void> {
    await this.flushed(5_000)
    clearInterval(this.#sweep)
    this.#sweep = undefined
    const stopped = new DreamError('RUNTIME_STOPPED', 'the substrate stopped')
    for (const e of this.#entries.values()) this.#fail(e, stopped)
    for (const e of [...this.#entries.values()]) this.#forget(e)
    for (const l of this.#links.values()) void l.then(x => x.stream.close()).catch(() => {})
    this.#links.clear()
  }

  /** The replica of `db`, once its owner's entries are here. */
  async replica(db: DatabaseRef): Promise<DatabaseReplica> {
    return (await this.#entry(db)).replica
  }

  /** The replica of `db` and its version now: what is read from it now holds while that version does. */
  async versioned(db: DatabaseRef): Promise<{ replica: DatabaseReplica; version?: HostVersion }> {
    const e = await this.#entry(db)
    const v = this.#o.versions
    return e.slot === undefined || v === undefined
      ? { replica: e.replica }
      : { replica: e.replica, version: v.now(e.slot) }
  }

  /** The replica's view changed: answers workers keep from it no longer hold. */
  #changed(e: Entry): void {
    if (e.slot !== undefined) this.#o.versions?.changed(e.slot)
  }

  async #entry(db: DatabaseRef): Promise<Entry> {
    const scope = `${db.project}\0${db.application}\0${db.match}`
    let e = this.#byScope.get(scope)
    const hoarders = this.#hoarderSet()
    if (e === undefined) {
      const id = instanceId(db)
      e = {
        id,
        replica: new DatabaseReplica({ ...db }),
        hoarders,
        h: 0,
        ready: Promise.resolve(),
        loaded: false,
        lastUsed: 0,
        scope,
        slot: this.#o.versions?.take()
      }
      this.#entries.set(id, e)
      this.#byScope.set(scope, e)
      this.#open(e)
    } else if (e.hoarders !== hoarders) {
      e.hoarders = hoarders
      if (this.#ownerOf(e)?.peerId !== e.link?.peer) this.#reopen(e)
    }
    e.lastUsed = Date.now()
    if (!e.loaded) {
      try {
        await e.ready
      } catch (err) {
        // Opened again by the next call (the hoarder may be back, or another one may own it).
        if (this.#entries.get(e.id) === e && !e.loaded && e.replica.pendingCount === 0) this.#forget(e)
        throw err
      }
    }
    // The replica's database is the one resolved now (a resize applies to the next write).
    e.replica.db.size = db.size
    return e
  }

  #forget(e: Entry): void {
    if (this.#entries.get(e.id) === e) {
      this.#entries.delete(e.id)
      this.#byScope.delete(e.scope)
    }
    clearTimeout(e.openTimer)
    if (e.slot !== undefined) this.#o.versions?.release(e.slot)
    e.slot = undefined
    if (e.link !== undefined) {
      e.link.open.delete(e.h)
      if (!e.link.stream.closed) e.link.stream.send({ t: 'close', h: e.h })
      e.link = undefined
    }
  }

  /**
   * Puts (`v`) or deletes (undefined) a key: in the replica now (or DATABASE_FULL), and resolves once its owner
   * acknowledged it (rejects with the owner's refusal, or DATABASE_UNAVAILABLE when no owner could take it).
   */
  async write(db: DatabaseRef, k: string, v: Uint8Array | undefined): Promise<void> {
    const e = await this.#entry(db)
    const p = e.replica.write(this.#nextWrite++, k, v)
    this.#changed(e)
    this.#unacked++
    const answered = new Promise<void>((resolve, reject) => {
      this.#waiting.set(p.w, { e, resolve, reject })
    })
    if (e.link !== undefined && e.loaded) this.#send(e.link, e, p)
    await answered
  }

  /**
   * The open of `e` failed or took too long: its waiting reads and its writes not acknowledged fail with `err`
   * (the writes leave the replica's view: what it shows is what the owner acknowledged).
   */
  #fail(e: Entry, err: unknown): void {
    clearTimeout(e.openTimer)
    e.openTimer = undefined
    const settle = e.settle
    e.settle = undefined
    settle?.reject(err)
    const pending = [...e.replica.pending]
    for (const p of pending) {
      e.replica.refused(p.w)
      this.#answer(p.w, err)
    }
    if (pending.length > 0) this.#changed(e)
  }

  /** Answers the caller of write `w`: done (`err` undefined) or failed. */
  #answer(w: number, err?: unknown): void {
    const waiter = this.#waiting.get(w)
    if (waiter === undefined) return
    this.#waiting.delete(w)
    if (err === undefined) waiter.resolve()
    else waiter.reject(err)
    this.#acked()
  }

  #send(link: Link, e: Entry, p: PendingWrite): void {
    link.stream.send(
      p.v === undefined
        ? { t: 'del', h: e.h, k: p.k, w: p.w }
        : { t: 'put', h: e.h, k: p.k, v: Buffer.from(p.v).toString('base64'), w: p.w }
    )
  }

  #hoarderSet(): string {
    let key = ''
    for (const p of this.#o.directory.byRole('hoarder')) key += `${p.peerId},`
    return key
  }

  #ownerOf(e: Entry): NodeEntry | undefined {
    return rankFor(e.id, this.#o.directory.byRole('hoarder'))[0]
  }

  #reopen(e: Entry): void {
    if (e.link !== undefined) {
      e.link.open.delete(e.h)
      if (!e.link.stream.closed) e.link.stream.send({ t: 'close', h: e.h })
      e.link = undefined
    }
    e.loaded = false
    this.#open(e)
  }

  /**
   * Opens `e` on the first hoarder in its rank that answers; `e.ready` settles with the outcome, within the open time.
   * The calls already waiting for an earlier open of it keep waiting, for this one.
   */
  #open(e: Entry): void {
    if (e.settle === undefined) {
      e.ready = new Promise<void>((resolve, reject) => {
        e.settle = { resolve, reject }
      })
      e.ready.catch(() => {})
    }
    if (e.openTimer === undefined) {
      e.openTimer = setTimeout(() => {
        e.openTimer = undefined
        if (e.loaded) return
        const err = new DreamError(
          'DATABASE_UNAVAILABLE',
          `database ${e.replica.db.name}: no hoarder answered within ${this.#openMs} ms ` +
            '(its owner may be gone); try again'
        )
        this.#fail(e, err)
        this.#forget(e)
      }, this.#openMs)
      e.openTimer.unref()
    }
    const attempt = async (): Promise<void> => {
      const ranked = rankFor(e.id, this.#o.directory.byRole('hoarder'))
      if (ranked.length === 0) {
        throw new DreamError(
          'SERVICE_NOT_RUNNING',
          'no hoarder node is running in this universe; start one with `dream inject hoarder`'
        )
      }
      let last: unknown
      for (const peer of ranked) {
        try {
          const link = await this.#link(peer)
          if (this.#entries.get(e.id) !== e) return
          e.link = link
          e.h = link.nextHandle++
          link.open.set(e.h, e)
          link.stream.send({ t: 'open', h: e.h, i: e.id, db: e.replica.db })
          return
        } catch (err) {
          last = err
        }
      }
      throw last
    }
    attempt().catch((err: unknown) => {
      this.#fail(e, err)
    })
  }

  #link(peer: NodeEntry): Promise<Link> {
    let link = this.#links.get(peer.peerId)
    if (link === undefined) {
      link = this.#dial(peer)
      this.#links.set(peer.peerId, link)
      link.catch(() => this.#links.delete(peer.peerId))
    }
    return link
  }

  async #dial(peer: NodeEntry): Promise<Link> {
    let stream: Stream
    try {
      stream = await this.#o.node.dialProtocol(peer.addrs, DB_SYNC_PROTOCOL, {
        signal: AbortSignal.timeout(DIAL_TIMEOUT_MS)
      })
    } catch (err) {
      throw new DreamError('P2P_UNREACHABLE', `hoarder ${peer.peerId} cannot be reached: ${errorMessage(err)}`, {
        cause: err
      })
    }
    const link: Link = {
      peer: peer.peerId,
      open: new Map(),
      nextHandle: 1,
      stream: new FramedStream<DbSyncEvent, DbSyncRequest>(
        stream,
        m => {
          this.#event(link, m)
        },
        () => {
          this.#lost(link)
        }
      )
    }
    return link
  }

  /** The stream to a hoarder ended: its replicas are opened again on whoever owns them now. */
  #lost(link: Link): void {
    if (this.#links.get(link.peer) !== undefined) this.#links.delete(link.peer)
    const open = [...link.open.values()]
    link.open.clear()
    for (const e of open) {
      if (this.#entries.get(e.id) !== e) continue
      e.link = undefined
      e.loaded = false
      e.hoarders = this.#hoarderSet()
      this.#open(e)
    }
  }

  #event(link: Link, m: DbSyncEvent): void {
    const e = link.open.get(m.h)
    if (e === undefined) return
    const r = e.replica
    switch (m.t) {
      case 'snap': {
        r.load(m.entries.map(([k, v]) => [k, new Uint8Array(Buffer.from(v, 'base64'))]))
        this.#changed(e)
        for (const p of r.pending) this.#send(link, e, p)
        e.loaded = true
        clearTimeout(e.openTimer)
        e.openTimer = undefined
        e.settle?.resolve()
        e.settle = undefined
        return
      }
      case 'chg':
        r.changed(m.k, m.v === undefined ? undefined : new Uint8Array(Buffer.from(m.v, 'base64')))
        this.#changed(e)
        return
      case 'ack':
        if (r.acked(m.w) !== undefined) this.#answer(m.w)
        return
      case 'nak': {
        if (r.refused(m.w) === undefined) return
        this.#changed(e)
        this.#answer(m.w, new DreamError(receivedCode(m.code, 'REMOTE_ERROR'), m.message))
        return
      }
      case 'err':
        link.open.delete(m.h)
        e.link = undefined
        this.#fail(e, new DreamError(receivedCode(m.code, 'REMOTE_ERROR'), m.message))
        return
    }
  }

  #acked(): void {
    if (--this.#unacked > 0) return
    for (const d of this.#drained.splice(0)) d()
  }

  #closeIdle(): void {
    const now = Date.now()
    for (const e of [...this.#entries.values()]) {
      if (now - e.lastUsed < this.#idleMs || e.replica.pendingCount > 0 || !e.loaded) continue
      this.#forget(e)
    }
  }
}
