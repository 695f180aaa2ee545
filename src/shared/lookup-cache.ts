/**
 * Lookups by key, kept while under way and once done, so that one lookup serves every caller asking meanwhile. A
 * failed lookup is forgotten (the next caller asks again); past `max` keys the cache starts over.
 */
export class LookupCache<V> {
  readonly #entries = new Map<string, Promise<V>>()
  readonly #max: number

  constructor(max: number) {
    this.#max = max
  }

  /** The lookup of `key`, made by `make` unless one is kept. */
  get(key: string, make: () => Promise<V>): Promise<V> {
    let found = this.#entries.get(key)
    if (found === undefined) {
      const made = make()
      made.catch(() => {
        if (this.#entries.get(key) === made) this.#entries.delete(key)
      })
      if (this.#entries.size >= this.#max) this.#entries.clear()
      this.#entries.set(key, made)
      found = made
    }
    return found
  }

  clear(): void {
    this.#entries.clear()
  }
}
