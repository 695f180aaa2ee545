/**
 * The databases a hoarder holds: one key/value instance per (project, application, matcher), as tau's hoarder keeps
 * them (substrates keep replicas of the ones their functions use, fed by the owner: db-sync.ts). Each instance
 * lives in memory and in an append-only log file under the node's root (`databases/<instance>.log`, one JSON line
 * per put or delete), so it survives a restart of a kept universe; the log is rewritten compactly when it is mostly
 * superseded lines. Writes to one instance are applied in order and acknowledged once their line is written and
 * flushed to the disk (fdatasync): the writes that queue while one append is under way are appended and flushed
 * together (group commit), so an acknowledged write survives a crash of the process or of the machine.
 *
 * An entry may also stand for bytes kept elsewhere (a storage's file, a project's content: blobs), its `charge`:
 * the instance counts its entries' charges apart from its values, and a put that would take them over the
 * `quota` it names is refused (STORAGE_FULL) here, on the owner, where every substrate's writes meet.
 */
import { access, type FileHandle, open, readFile, rename } from 'node:fs/promises'
import { join } from 'node:path'
import { DreamError, NotFoundError } from '../../shared/errors.js'
import { mkdirPrivate } from '../../shared/private-fs.js'
import { databaseFull, instanceId } from './protocol.js'
import type { DatabaseRef } from '../../shared/database-ref.js'
import { HOARDER_DEFAULTS } from './settings.js'

/** A put (`c`: its charge), or a delete (`d: 0` deletes a key that is not there: nothing is written). */
type Line = { k: string; v: string; c?: number } | { k: string; d: 1 | 0 }

/** An entry as another hoarder copies it: key, value and its charge when it has one. */
export type DumpEntry = [string, Uint8Array] | [string, Uint8Array, number]

interface QueuedWrite {
  decide: () => Line
  origin: unknown
  resolve: (used: number) => void
  reject: (err: unknown) => void
}

class Instance {
  readonly id: string
  readonly entries = new Map<string, Uint8Array>()
  /** The charges of the entries that have one, and their sum. */
  readonly charges = new Map<string, number>()
  used = 0
  charged = 0
  lines = 0
  file: FileHandle | undefined
  /** Writes waiting for the append under way (see #drain). */
  readonly queue: QueuedWrite[] = []
  writing = false
  /** The append loop under way, awaited before the log is closed. */
  tail: Promise<void> = Promise.resolve()

  constructor(id: string) {
    this.id = id
  }

  apply(line: Line): void {
    const old = this.entries.get(line.k)
    if (old !== undefined) this.used -= old.length
    this.charged -= this.charges.get(line.k) ?? 0
    this.charges.delete(line.k)
    if ('d' in line) this.entries.delete(line.k)
    else {
      const v = new Uint8Array(Buffer.from(line.v, 'base64'))
      this.entries.set(line.k, v)
      this.used += v.length
      if (line.c !== undefined && line.c > 0) {
        this.charges.set(line.k, line.c)
        this.charged += line.c
      }
    }
    this.lines++
  }

  /** The entries, each with its charge when it has one. */
  dump(): DumpEntry[] {
    return [...this.entries].map(([k, v]) => {
      const c = this.charges.get(k)
      return c === undefined ? [k, v] : [k, v, c]
    })
  }
}

/**
 * A write applied to an instance, in the order they are applied: `value` is base64, undefined for a delete;
 * `origin` is what the writer passed (the sync stream that sent it, see db-sync.ts).
 */
export type ChangeListener = (instance: string, key: string, value: string | undefined, origin: unknown) => void

export interface WriteOptions {
  /** false for a replica's copy, which the owner checked (default true). */
  checkSize?: boolean
  /** Handed to the change listeners with the write. */
  origin?: unknown
  /** instanceId(db), when the caller has it. */
  instance?: string
}

/** The bytes kept elsewhere that a put's entry stands for, and the most its instance's entries may stand for. */
export interface Charge {
  bytes: number
  quota: number
}

/** Another hoarder's copy of an instance this one has never held, or undefined when none has one. */
export type Seed = (db: DatabaseRef) => Promise<DumpEntry[] | undefined>

export class DatabaseStore {
  readonly #dir: string
  readonly #open = new Map<string, Promise<Instance>>()
  readonly #seed: Seed | undefined
  /** Rewrite a log, when opened, that holds this many lines more than the instance has keys. */
  readonly #compactSlack: number
  readonly #listeners = new Set<ChangeListener>()

  /**
   * `seed` fills an instance this hoarder opens for the first time from another hoarder's copy: the owner of an
   * instance changes when a hoarder joins or leaves, and the new owner must start from the data, not from empty.
   */
  constructor(root: string, seed?: Seed, compactSlack = HOARDER_DEFAULTS.compactSlack) {
    this.#dir = join(root, 'databases')
    this.#seed = seed
    this.#compactSlack = compactSlack
  }

  async start(): Promise<void> {
    await mkdirPrivate(this.#dir)
  }

  /** Closes every open log (pending writes finish first). */
  async stop(): Promise<void> {
    const all = [...this.#open.values()]
    this.#open.clear()
    for (const p of all) {
      const i = await p.catch(() => undefined)
      await i?.tail.catch(() => {})
      await i?.file?.close()
    }
  }

  /**
   * Every entry of an instance this hoarder holds, or undefined: never seeds (its log is written once it is
   * seeded, so two hoarders first-touching one instance do not wait on each other).
   */
  async dump(db: DatabaseRef): Promise<DumpEntry[] | undefined> {
    if (!(await exists(this.#file(instanceId(db))))) return undefined
    return (await this.#instance(db)).dump()
  }

  /** Bytes of values an instance holds, and the sum of its entries' charges. */
  async usage(db: DatabaseRef): Promise<{ used: number; charged: number }> {
    const i = await this.#instance(db)
    return { used: i.used, charged: i.charged }
  }

  /** Calls `l` for every write applied from now on; returns what stops it. */
  watch(l: ChangeListener): () => void {
    this.#listeners.add(l)
    return () => this.#listeners.delete(l)
  }

  /**
   * Opens an instance (seeding it if new) and calls `then` with its entries, in the same turn as no write can be
   * applied between them: a watcher registered by `then` misses no change and sees none twice.
   */
  async snapshot(db: DatabaseRef, then: (entries: Array<[string, Uint8Array]>) => void): Promise<void> {
    const i = await this.#instance(db)
    then([...i.entries])
  }

  async get(db: DatabaseRef, key: string): Promise<Uint8Array> {
    const v = (await this.#instance(db)).entries.get(key)
    if (v === undefined) throw new NotFoundError('DATABASE_KEY_NOT_FOUND', `database ${db.name} has no key "${key}"`)
    return v
  }

  async list(db: DatabaseRef, prefix: string): Promise<string[]> {
    const i = await this.#instance(db)
    return [...i.entries.keys()].filter(k => k.startsWith(prefix)).sort()
  }

  /**
   * Stores `value` unless the database would then hold more value bytes than its size (tau counts the values'
   * bytes), or its entries' charges more than `charge.quota`; a replica's copy is applied whatever the size, since
   * the owner checked it. Returns the bytes used.
   */
  async put(
    db: DatabaseRef,
    key: string,
    value: Uint8Array,
    o: WriteOptions & { charge?: Charge } = {}
  ): Promise<number> {
    const checkSize = o.checkSize ?? true
    const i = await this.#instance(db, o.instance)
    const c = o.charge
    return await this.#write(i, o.origin, () => {
      const after = i.used - (i.entries.get(key)?.length ?? 0) + value.length
      if (checkSize && after > db.size) throw databaseFull(db, key, value.length, after)
      const v = Buffer.from(value).toString('base64')
      if (c === undefined || c.bytes <= 0) return { k: key, v }
      const charged = i.charged - (i.charges.get(key) ?? 0) + c.bytes
      if (checkSize && charged > c.quota) throw storageFull(db, c, charged)
      return { k: key, v, c: c.bytes }
    })
  }

  async delete(db: DatabaseRef, key: string, o: WriteOptions = {}): Promise<number> {
    const i = await this.#instance(db, o.instance)
    // A delete of a missing key changes nothing, but its writer still hears of it (it waits for its change).
    return await this.#write(i, o.origin, () => (i.entries.has(key) ? { k: key, d: 1 } : { k: key, d: 0 }))
  }

  /**
   * Queues a write; the writes queued while the log is being appended to go in the next append, together.
   * `decide` runs in order, after the previous writes were applied, so it sees them.
   */
  async #write(i: Instance, origin: unknown, decide: () => Line): Promise<number> {
    return await new Promise<number>((resolve, reject) => {
      i.queue.push({ decide, origin, resolve, reject })
      if (!i.writing) i.tail = this.#drain(i)
    })
  }

  /**
   * Applies the queued writes a batch at a time: each is decided and applied in order, the batch's lines are
   * appended in one write, and then the writes are acknowledged (their listeners called, in order). A failed
   * append fails its batch and the writes queued behind it, and the instance is read from its log again on its
   * next use, so that nothing unwritten stays applied.
   */
  async #drain(i: Instance): Promise<void> {
    i.writing = true
    try {
      while (i.queue.length > 0) {
        const batch = i.queue.splice(0)
        const done: Array<{ w: QueuedWrite; line: Line; used: number }> = []
        let text = ''
        for (const w of batch) {
          try {
            const line = w.decide()
            if (!('d' in line) || line.d === 1) {
              text += `${JSON.stringify(line)}\n`
              i.apply(line)
            }
            done.push({ w, line, used: i.used })
          } catch (err) {
            w.reject(err)
          }
        }
        try {
          if (text !== '') {
            await i.file?.appendFile(text)
            await i.file?.datasync()
          }
        } catch (err) {
          for (const d of [...done.map(x => x.w), ...i.queue.splice(0)]) d.reject(err)
          if (this.#open.get(i.id) !== undefined) this.#open.delete(i.id)
          return
        }
        for (const { w, line, used } of done) {
          const value = 'v' in line ? line.v : undefined
          for (const l of this.#listeners) l(i.id, line.k, value, w.origin)
          w.resolve(used)
        }
      }
    } finally {
      i.writing = false
    }
  }

  #instance(db: DatabaseRef, id = instanceId(db)): Promise<Instance> {
    let p = this.#open.get(id)
    if (p === undefined) {
      p = this.#load(db, id)
      p.catch(() => this.#open.delete(id))
      this.#open.set(id, p)
    }
    return p
  }

  #file(id: string): string {
    return join(this.#dir, `${id}.log`)
  }

  async #load(db: DatabaseRef, id: string): Promise<Instance> {
    const file = this.#file(id)
    const i = new Instance(id)
    const text = await readFile(file, 'utf8').catch((err: NodeJS.ErrnoException) => {
      if (err.code === 'ENOENT') return undefined
      throw err
    })
    if (text === undefined) {
      for (const [k, v, c] of (await this.#seed?.(db)) ?? [])
        i.apply({ k, v: Buffer.from(v).toString('base64'), ...(c === undefined ? {} : { c }) })
      await this.#compact(i, file)
      i.file = await open(file, 'a', 0o600)
      return i
    }
    for (const row of text.split('\n')) {
      if (row === '') continue
      try {
        i.apply(JSON.parse(row) as Line)
      } catch {
        // A line cut short by a crash mid-write: the write was never acknowledged.
      }
    }
    if (i.lines > i.entries.size + this.#compactSlack || (text.length > 0 && !text.endsWith('\n'))) {
      await this.#compact(i, file)
    }
    i.file = await open(file, 'a', 0o600)
    return i
  }

  async #compact(i: Instance, file: string): Promise<void> {
    const tmp = `${file}.tmp`
    const out = await open(tmp, 'w', 0o600)
    try {
      for (const [k, v, c] of i.dump())
        await out.write(`${JSON.stringify({ k, v: Buffer.from(v).toString('base64'), c })}\n`)
      await out.datasync()
    } finally {
      await out.close()
    }
    await rename(tmp, file)
    i.lines = i.entries.size
  }
}

/** The error of a put whose entry would take the charges of `db` to `after` bytes, over the quota. */
function storageFull(db: DatabaseRef, c: Charge, after: number): DreamError {
  return new DreamError(
    'STORAGE_FULL',
    `${db.name} is limited to ${c.quota} bytes of content: ${c.bytes} bytes more would make it ${after}; ` +
      'nothing was stored (delete files, or raise the size the resource allows)'
  )
}

async function exists(file: string): Promise<boolean> {
  return await access(file).then(
    () => true,
    () => false
  )
}
