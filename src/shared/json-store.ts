import { mkdir, readFile, rename, writeFile } from 'node:fs/promises'
import { dirname } from 'node:path'

/**
 * A small durable key/value map: all entries in memory, written to one JSON file after each change (atomically,
 * through a temporary file and rename; writes are serialised and coalesced). Enough for the state of one node.
 */
export class JsonStore<V = unknown> {
  readonly #file: string
  readonly #mode: number | undefined
  #data = new Map<string, V>()
  #writing: Promise<void> = Promise.resolve()
  #dirty = false

  /** `mode`: the file's permissions when it is created (default: the process umask's). */
  constructor (file: string, o: { mode?: number } = {}) {
    this.#file = file
    this.#mode = o.mode
  }

  async open (): Promise<void> {
    try {
      const parsed = JSON.parse(await readFile(this.#file, 'utf8')) as Record<string, V>
      this.#data = new Map(Object.entries(parsed))
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err
    }
  }

  get (key: string): V | undefined { return this.#data.get(key) }
  has (key: string): boolean { return this.#data.has(key) }
  keys (prefix = ''): string[] { return [...this.#data.keys()].filter(k => k.startsWith(prefix)) }
  entries (prefix = ''): Array<[string, V]> { return [...this.#data.entries()].filter(([k]) => k.startsWith(prefix)) }

  async set (key: string, value: V): Promise<void> {
    this.#data.set(key, value)
    await this.#flush()
  }

  async setMany (entries: Iterable<[string, V]>): Promise<void> {
    for (const [k, v] of entries) this.#data.set(k, v)
    await this.#flush()
  }

  async delete (key: string): Promise<void> {
    this.#data.delete(key)
    await this.#flush()
  }

  /** Resolves once every change so far is on disk. */
  async close (): Promise<void> { await this.#writing }

  async #flush (): Promise<void> {
    this.#dirty = true
    // Chain onto the previous write; a write started later covers every change made before it began.
    this.#writing = this.#writing.then(async () => {
      if (!this.#dirty) return
      this.#dirty = false
      await mkdir(dirname(this.#file), { recursive: true })
      const tmp = `${this.#file}.tmp`
      await writeFile(tmp, JSON.stringify(Object.fromEntries(this.#data)), this.#mode !== undefined ? { mode: this.#mode } : {})
      await rename(tmp, this.#file)
    })
    await this.#writing
  }
}
