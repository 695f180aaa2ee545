/**
 * The databases a hoarder holds: one key/value instance per (project, application, matcher), as tau's hoarder
 * keeps them (tau's substrate holds no data, only a remote handle). Each instance lives in memory and in an
 * append-only log file under the node's root (`databases/<instance>.log`, one JSON line per put or delete), so
 * it survives a restart of a kept universe; the log is rewritten compactly when it is mostly superseded lines.
 * Writes to one instance are applied in order and acknowledged once their line is written.
 */
import { access, type FileHandle, open, readFile, rename } from 'node:fs/promises'
import { join } from 'node:path'
import { DreamError, NotFoundError } from '../../shared/errors.js'
import { mkdirPrivate } from '../../shared/private-fs.js'
import { instanceId } from './placement.js'
import type { DatabaseRef } from '../../shared/database-ref.js'

/** Rewrite the log when it holds this many lines more than the instance has keys. */
const COMPACT_SLACK = 10_000

type Line = { k: string; v: string } | { k: string; d: 1 }

class Instance {
  readonly entries = new Map<string, Uint8Array>()
  used = 0
  lines = 0
  file: FileHandle | undefined
  /** The last write in order: the next one starts after it. */
  tail: Promise<unknown> = Promise.resolve()

  apply(line: Line): void {
    const old = this.entries.get(line.k)
    if (old !== undefined) this.used -= old.length
    if ('d' in line) this.entries.delete(line.k)
    else {
      const v = new Uint8Array(Buffer.from(line.v, 'base64'))
      this.entries.set(line.k, v)
      this.used += v.length
    }
    this.lines++
  }
}

/** Another hoarder's copy of an instance this one has never held, or undefined when none has one. */
export type Seed = (db: DatabaseRef) => Promise<Array<[string, Uint8Array]> | undefined>

export class DatabaseStore {
  readonly #dir: string
  readonly #open = new Map<string, Promise<Instance>>()
  readonly #seed: Seed | undefined

  /**
   * `seed` fills an instance this hoarder opens for the first time from another hoarder's copy: the owner of an
   * instance changes when a hoarder joins or leaves, and the new owner must start from the data, not from empty.
   */
  constructor(root: string, seed?: Seed) {
    this.#dir = join(root, 'databases')
    this.#seed = seed
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
  async dump(db: DatabaseRef): Promise<Array<[string, Uint8Array]> | undefined> {
    if (!(await exists(this.#file(instanceId(db))))) return undefined
    return [...(await this.#instance(db)).entries]
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
   * bytes); a replica's copy is applied whatever the size, since the owner checked it. Returns the bytes used.
   */
  async put(db: DatabaseRef, key: string, value: Uint8Array, checkSize = true): Promise<number> {
    const i = await this.#instance(db)
    return await this.#write(i, () => {
      const after = i.used - (i.entries.get(key)?.length ?? 0) + value.length
      if (checkSize && after > db.size)
        throw new DreamError(
          'DATABASE_FULL',
          `database ${db.name} is limited to ${db.size} bytes: putting "${key}" (${value.length} bytes) would ` +
            `make it ${after}; nothing was written (raise storage.size in databases/${db.name}.yaml)`,
          { status: 507 }
        )
      return { k: key, v: Buffer.from(value).toString('base64') }
    })
  }

  async delete(db: DatabaseRef, key: string): Promise<number> {
    const i = await this.#instance(db)
    return await this.#write(i, () => (i.entries.has(key) ? { k: key, d: 1 } : undefined))
  }

  /** Decides and applies one write after the instance's previous one; `decide` runs in order, so it sees them. */
  async #write(i: Instance, decide: () => Line | undefined): Promise<number> {
    const next = i.tail.then(async () => {
      const line = decide()
      if (line === undefined) return i.used
      await i.file?.appendFile(`${JSON.stringify(line)}\n`)
      i.apply(line)
      return i.used
    })
    i.tail = next.catch(() => {})
    return await next
  }

  #instance(db: DatabaseRef): Promise<Instance> {
    const id = instanceId(db)
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
    const i = new Instance()
    const text = await readFile(file, 'utf8').catch((err: NodeJS.ErrnoException) => {
      if (err.code === 'ENOENT') return undefined
      throw err
    })
    if (text === undefined) {
      for (const [k, v] of (await this.#seed?.(db)) ?? []) i.apply({ k, v: Buffer.from(v).toString('base64') })
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
    if (i.lines > i.entries.size + COMPACT_SLACK || (text.length > 0 && !text.endsWith('\n'))) {
      await this.#compact(i, file)
    }
    i.file = await open(file, 'a', 0o600)
    return i
  }

  async #compact(i: Instance, file: string): Promise<void> {
    const tmp = `${file}.tmp`
    const out = await open(tmp, 'w', 0o600)
    try {
      for (const [k, v] of i.entries)
        await out.write(`${JSON.stringify({ k, v: Buffer.from(v).toString('base64') })}\n`)
    } finally {
      await out.close()
    }
    await rename(tmp, file)
    i.lines = i.entries.size
  }
}

async function exists(file: string): Promise<boolean> {
  return await access(file).then(
    () => true,
    () => false
  )
}
