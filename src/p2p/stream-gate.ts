/**
 * Bounds the streams one node has open at once and queues the rest in arrival order, so a burst of calls waits
 * for a free stream instead of failing at the muxer's or the protocol's limit.
 */
export class StreamGate {
  readonly #limit: number
  #open = 0
  readonly #waiting: Array<() => void> = []

  constructor(limit: number) {
    this.#limit = limit
  }

  /** Resolves with a release function once a stream may be opened; rejects if `signal` aborts first. */
  async enter(signal: AbortSignal): Promise<() => void> {
    signal.throwIfAborted()
    if (this.#open < this.#limit) {
      this.#open++
      return this.#releaser()
    }
    await new Promise<void>((resolve, reject) => {
      const turn = (): void => {
        signal.removeEventListener('abort', onAbort)
        resolve()
      }
      const onAbort = (): void => {
        const at = this.#waiting.indexOf(turn)
        if (at >= 0) this.#waiting.splice(at, 1)
        reject(signal.reason)
      }
      this.#waiting.push(turn)
      signal.addEventListener('abort', onAbort, { once: true })
    })
    return this.#releaser()
  }

  #releaser(): () => void {
    let done = false
    return () => {
      if (done) return
      done = true
      const next = this.#waiting.shift()
      // the slot passes straight to the next caller in line; #open only drops when nobody waits
      if (next !== undefined) next()
      else this.#open--
    }
  }
}
