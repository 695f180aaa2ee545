/** A job's readable log: timestamped lines, the text stored in hoarder and shown by `dream logs`. */
export class JobLog {
  readonly #lines: string[] = []

  line(msg: string): void {
    for (const l of msg.split('\n')) this.#lines.push(`${new Date().toISOString()} ${l}`)
  }

  /** Runs `fn` between a start line and an ok/failed line with its duration. */
  async step<T>(what: string, fn: () => Promise<T>): Promise<T> {
    const t0 = performance.now()
    this.line(`${what} ...`)
    try {
      const r = await fn()
      this.line(`${what}: ok (${Math.round(performance.now() - t0)} ms)`)
      return r
    } catch (err) {
      this.line(`${what}: failed (${Math.round(performance.now() - t0)} ms)`)
      throw err
    }
  }

  text(): string {
    return `${this.#lines.join('\n')}\n`
  }

  /** The lines written so far from index `from` on (what a live follower has not seen yet). */
  since(from: number): string[] {
    return this.#lines.slice(Math.max(0, from))
  }
}
