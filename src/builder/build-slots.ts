/**
 * A bound on builds running at once: `run` waits for a free slot (first come, first served), and a waiter whose
 * signal aborts leaves the queue at once, so a cancelled job never holds or waits for a slot.
 */
import { buildAborted } from '../shared/errors.js'

interface Waiter {
  grant: () => void
}

export class BuildSlots {
  readonly size: number
  #used = 0
  readonly #waiting: Waiter[] = []

  constructor(size: number) {
    this.size = Math.max(1, Math.floor(size))
  }

  async run<T>(fn: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    await this.#acquire(signal)
    try {
      return await fn()
    } finally {
      this.#release()
    }
  }

  async #acquire(signal?: AbortSignal): Promise<void> {
    if (signal?.aborted === true) throw buildAborted()
    if (this.#used < this.size) {
      this.#used++
      return
    }
    await new Promise<void>((resolve, reject) => {
      const w: Waiter = {
        grant: () => {
          signal?.removeEventListener('abort', onAbort)
          resolve()
        }
      }
      const onAbort = (): void => {
        const i = this.#waiting.indexOf(w)
        if (i >= 0) this.#waiting.splice(i, 1)
        reject(buildAborted())
      }
      signal?.addEventListener('abort', onAbort, { once: true })
      this.#waiting.push(w)
    })
  }

  #release(): void {
    const next = this.#waiting.shift()
    // The slot passes straight to the next waiter: `used` stays the same.
    if (next !== undefined) next.grant()
    else this.#used--
  }
}
