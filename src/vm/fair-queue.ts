/**
 * Calls waiting for a worker, served in turn at two levels: the next call comes from the project served longest
 * ago that may still take a worker, and within it from that project's function served longest ago that may. One
 * function flooding the pool cannot delay the others behind its own queue, and one project with many functions
 * cannot delay another project behind all of them.
 */
export class FairQueue<T> {
  /** Insertion order is the round-robin order of projects: a project served moves to the back. */
  readonly #projects = new Map<string, Lines<T>>()
  #size = 0

  get size(): number {
    return this.#size
  }

  /** The projects with calls waiting. */
  projects(): IterableIterator<string> {
    return this.#projects.keys()
  }

  push(project: string, key: string, item: T): void {
    this.#lines(project).push(key, item)
    this.#size++
  }

  /** Puts `item` at the front of its function's line (a call to send again). */
  unshift(project: string, key: string, item: T): void {
    this.#lines(project).unshift(key, item)
    this.#size++
  }

  /** The first call of the first project and function in turn for which `may` holds, without taking it. */
  peek(may: (project: string, key: string) => boolean): { project: string; key: string; item: T } | undefined {
    for (const [project, lines] of this.#projects) {
      const next = lines.peek(key => may(project, key))
      if (next !== undefined) return { project, ...next }
    }
    return undefined
  }

  /** Takes the first call of `key`'s line; its project and the function go to the back of their turns. */
  take(project: string, key: string): T | undefined {
    const lines = this.#projects.get(project)
    const item = lines?.take(key)
    if (lines === undefined || item === undefined) return undefined
    this.#size--
    this.#projects.delete(project)
    if (lines.size > 0) this.#projects.set(project, lines)
    return item
  }

  /** Removes one waiting call (it gave up); false if it was not waiting. */
  remove(project: string, key: string, item: T): boolean {
    const lines = this.#projects.get(project)
    if (lines === undefined || !lines.remove(key, item)) return false
    this.#size--
    if (lines.size === 0) this.#projects.delete(project)
    return true
  }

  /** Empties the queue, returning every waiting call. */
  drain(): T[] {
    const all = [...this.#projects.values()].flatMap(lines => lines.drain())
    this.#projects.clear()
    this.#size = 0
    return all
  }

  #lines(project: string): Lines<T> {
    let lines = this.#projects.get(project)
    if (lines === undefined) {
      lines = new Lines<T>()
      this.#projects.set(project, lines)
    }
    return lines
  }
}

/** One project's waiting calls, one line per function, served in turn. */
class Lines<T> {
  /** Insertion order is the round-robin order: a function served moves to the back. */
  readonly #lines = new Map<string, T[]>()
  size = 0

  push(key: string, item: T): void {
    const line = this.#lines.get(key)
    if (line === undefined) this.#lines.set(key, [item])
    else line.push(item)
    this.size++
  }

  unshift(key: string, item: T): void {
    const line = this.#lines.get(key)
    if (line === undefined) this.#lines.set(key, [item])
    else line.unshift(item)
    this.size++
  }

  peek(may: (key: string) => boolean): { key: string; item: T } | undefined {
    for (const [key, line] of this.#lines) {
      const item = line[0]
      if (item !== undefined && may(key)) return { key, item }
    }
    return undefined
  }

  take(key: string): T | undefined {
    const line = this.#lines.get(key)
    const item = line?.shift()
    if (line === undefined || item === undefined) return undefined
    this.size--
    this.#lines.delete(key)
    if (line.length > 0) this.#lines.set(key, line)
    return item
  }

  remove(key: string, item: T): boolean {
    const line = this.#lines.get(key)
    const at = line?.indexOf(item) ?? -1
    if (line === undefined || at < 0) return false
    line.splice(at, 1)
    this.size--
    if (line.length === 0) this.#lines.delete(key)
    return true
  }

  drain(): T[] {
    const all = [...this.#lines.values()].flat()
    this.#lines.clear()
    this.size = 0
    return all
  }
}
