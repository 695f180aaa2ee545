/**
 * A substrate's copy of one database instance: the entries its owning hoarder last told it of, under the writes
 * this substrate sent and the owner has not acknowledged yet. Reads see that view (so a function reads its own
 * writes at once, on this substrate); the owner's changes, in the order it applied them, update the entries, and
 * the change that acknowledges one of this substrate's writes takes that write out from above them. The size
 * limit is checked against the view, so a put that would overflow it fails here at once; the owner checks again.
 */
import { databaseFull } from '../hoarder/protocol.js'
import type { DatabaseRef } from '../../shared/database-ref.js'

/** A write sent to the owner and not acknowledged yet; `v` undefined is a delete. */
export interface PendingWrite {
  w: number
  k: string
  v: Uint8Array | undefined
}

const len = (v: Uint8Array | undefined): number => v?.length ?? 0

export class DatabaseReplica {
  readonly db: DatabaseRef
  readonly #entries = new Map<string, Uint8Array>()
  /** By id, in the order they were made. */
  readonly #pending = new Map<number, PendingWrite>()
  /** Key → its last pending value (undefined: deleted) and how many writes to it are pending. */
  readonly #overlay = new Map<string, { v: Uint8Array | undefined; n: number }>()
  /** Value bytes of the view (entries under pending writes). */
  #used = 0

  constructor(db: DatabaseRef) {
    this.db = db
  }

  /** Bytes of values a function sees. */
  get used(): number {
    return this.#used
  }

  /** Writes not acknowledged yet, in the order they were made. */
  get pending(): Iterable<PendingWrite> {
    return this.#pending.values()
  }

  get pendingCount(): number {
    return this.#pending.size
  }

  /** The owner's whole copy (on opening, or again from a new owner): replaces the entries, keeps the pending. */
  load(entries: Iterable<[string, Uint8Array]>): void {
    this.#entries.clear()
    for (const [k, v] of entries) this.#entries.set(k, v)
    this.#used = 0
    for (const [k, v] of this.#entries) if (!this.#overlay.has(k)) this.#used += v.length
    for (const o of this.#overlay.values()) this.#used += len(o.v)
  }

  get(k: string): Uint8Array | undefined {
    const o = this.#overlay.get(k)
    return o !== undefined ? o.v : this.#entries.get(k)
  }

  /** The keys starting with `prefix`, sorted. */
  list(prefix: string): string[] {
    const keys = new Set<string>()
    for (const k of this.#entries.keys()) if (k.startsWith(prefix)) keys.add(k)
    for (const [k, o] of this.#overlay) {
      if (!k.startsWith(prefix)) continue
      if (o.v === undefined) keys.delete(k)
      else keys.add(k)
    }
    return [...keys].sort()
  }

  /** A write of this substrate (`v` undefined deletes): in the view at once; DATABASE_FULL if over the size. */
  write(w: number, k: string, v: Uint8Array | undefined): PendingWrite {
    const old = len(this.get(k))
    const after = this.#used - old + len(v)
    if (v !== undefined && after > this.db.size) throw databaseFull(this.db, k, v.length, after)
    this.#used = after
    const o = this.#overlay.get(k)
    this.#overlay.set(k, { v, n: (o?.n ?? 0) + 1 })
    const p = { w, k, v }
    this.#pending.set(w, p)
    return p
  }

  /** A change the owner applied (another substrate's write, or one this substrate's replica had not seen). */
  changed(k: string, v: Uint8Array | undefined): void {
    if (!this.#overlay.has(k)) this.#used += len(v) - len(this.#entries.get(k))
    if (v === undefined) this.#entries.delete(k)
    else this.#entries.set(k, v)
  }

  /** The owner applied this substrate's write `w`, after the changes it sent before: the entry is now its. */
  acked(w: number): PendingWrite | undefined {
    const p = this.#pending.get(w)
    if (p === undefined) return undefined
    this.changed(p.k, p.v)
    return this.#settle(w)
  }

  /** The owner refused write `w` (the database is full there): it leaves the view. */
  refused(w: number): PendingWrite | undefined {
    return this.#settle(w)
  }

  /** Takes write `w` out of the pending ones; the key's view is then its other pending writes', or the entry. */
  #settle(w: number): PendingWrite | undefined {
    const p = this.#pending.get(w)
    if (p === undefined) return undefined
    this.#pending.delete(w)
    const before = len(this.get(p.k))
    const o = this.#overlay.get(p.k)
    if (o !== undefined && o.n > 1) {
      let last: PendingWrite | undefined
      for (const q of this.#pending.values()) if (q.k === p.k) last = q
      this.#overlay.set(p.k, { v: last?.v, n: o.n - 1 })
    } else this.#overlay.delete(p.k)
    this.#used += len(this.get(p.k)) - before
    return p
  }
}
