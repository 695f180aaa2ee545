/**
 * Calls waiting for a worker, one line per function, served in turn: the next call comes from the function
 * served longest ago that may still take a worker. One function flooding the pool cannot delay the others
 * behind its own queue.
 */
export class FairQueue<T> {
  /** Insertion order is the round-robin order: a function served moves to the back. */
  readonly #lines = new Map<string, T[]>()
  #size = 0

  get size(): number {
    return this.#size
  }

  push(key: string, item: T): void {
    const line = this.#lines.get(key)
    if (line === undefined) this.#lines.set(key, [item])
    else line.push(item)
    this.#size++
  }

  /** Puts `item` at the front of its function's line (a call to send again). */
  unshift(key: string, item: T): void {
    const line = this.#lines.get(key)
    if (line === undefined) this.#lines.set(key, [item])
    else line.unshift(item)
    this.#size++
  }

  /** The first call of the first function in turn for which `may(key)` holds, without taking it. */
  peek(may: (key: string) => boolean): { key: string; item: T } | undefined {
    for (const [key, line] of this.#lines) {
      const item = line[0]
      if (item !== undefined && may(key)) return { key, item }
    }
    return undefined
  }

  /** Takes the first call of `key`'s line; that function goes to the back of the turn. */
  take(key: string): T | undefined {
    const line = this.#lines.get(key)
    const item = line?.shift()
    if (line === undefined || item === undefined) return undefined
    this.#size--
    this.#lines.delete(key)
    if (line.length > 0) this.#lines.set(key, line)
    return item
  }

  /** Removes one waiting call (it gave up); false if it was not waiting. */
  remove(key: string, item: T): boolean {
    const line = this.#lines.get(key)
    const at = line?.indexOf(item) ?? -1
    if (line === undefined || at < 0) return false
    line.splice(at, 1)
    this.#size--
    if (line.length === 0) this.#lines.delete(key)
    return true
  }

  /** Empties the queue, returning every waiting call. */
  drain(): T[] {
    const all = [...this.#lines.values()].flat()
    this.#lines.clear()
    this.#size = 0
    return all
  }
}
