import { readFile, rename } from 'node:fs/promises'
import { dirname } from 'node:path'
import { diskFullOr } from './disk-full.js'
import { mkdirPrivate, writeFilePrivate } from './private-fs.js'

/**
 * A small durable key/value map: all entries in memory, written to one JSON file after each change (atomically,
 * through a temporary file and rename; writes are serialised and coalesced). Enough for the state of one node.
 */
export class JsonStore<V = unknown> {
  readonly #file: string
  #data = new Map<string, V>()
  #writing: Promise<void> = Promise.resolve()
  #dirty = false

  constructor(file: string) {
    this.#file = file
  }

  async open(): Promise<void> {
    try {
      const parsed = JSON.parse(await readFile(this.#file, 'utf8')) as Record<string, V>
      this.#data = new Map(Object.entries(parsed))
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err
    }
  }

  get(key: string): V | undefined {
    return this.#data.get(key)
  }
  has(key: string): boolean {
    return this.#data.has(key)
  }
  keys(prefix = ''): string[] {
    return [...this.#data.keys()].filter(k => k.startsWith(prefix))
  }
  entries(prefix = ''): Array<[string, V]> {
    return [...this.#data.entries()].filter(([k]) => k.startsWith(prefix))
  }

  async set(key: string, value: V): Promise<void> {
    this.#data.set(key, value)
    await this.#flush()
  }

  /** The entries are in memory (seen by get, keys, entries) as soon as this is called; the promise is the disk. */
  async setMany(entries: Iterable<[string, V]>): Promise<void> {
    for (const [k, v] of entries) this.#data.set(k, v)
    await this.#flush()
  }

  async delete(key: string): Promise<void> {
    this.#data.delete(key)
    await this.#flush()
  }

  /** Resolves once every change so far is on disk. */
  async close(): Promise<void> {
    await this.#writing
  }

  async #flush(): Promise<void> {
    this.#dirty = true
    // Chain onto the previous write; a write started later covers every change made before it began.
    const write = this.#writing.then(async () => {
      if (!this.#dirty) return
      this.#dirty = false
      try {
        await mkdirPrivate(dirname(this.#file))
        const tmp = `${this.#file}.tmp`
        await writeFilePrivate(tmp, JSON.stringify(Object.fromEntries(this.#data)))
        await rename(tmp, this.#file)
      } catch (err) {
        // the next write carries this one's changes; a failed write (a full disk) must not stop later ones
        this.#dirty = true
        throw diskFullOr(err, `could not write ${this.#file}`)
      }
    })
    this.#writing = write.catch(() => {})
    await write
  }
}
