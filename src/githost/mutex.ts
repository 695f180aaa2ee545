/**
 * One-at-a-time sections per key. Pushes to one repo are serialised so that the "refs before" and
 * "refs after" snapshots around a receive-pack belong to that push alone (webhooks name the right before/after).
 */
export class KeyedMutex<K> {
  readonly #tails = new Map<K, Promise<void>>()

  async run<T>(key: K, fn: () => Promise<T>): Promise<T> {
    const prev = this.#tails.get(key) ?? Promise.resolve()
    let release!: () => void
    const mine = new Promise<void>(resolve => {
      release = resolve
    })
    const tail = prev.then(() => mine)
    this.#tails.set(key, tail)
    await prev
    try {
      return await fn()
    } finally {
      release()
      if (this.#tails.get(key) === tail) this.#tails.delete(key)
    }
  }
}
