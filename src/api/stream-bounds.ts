import { DreamError } from '../shared/errors.js'

/**
 * What the live streams may cost. Each subscriber polls patrick, the monkeys or the substrates for itself and is
 * sent what they hold at first, so without bounds 10,000 subscribers took /ping to 33 s: subscribers are counted
 * per stream (a job, or a universe's function logs with one filter) and in all, and a late joiner gets only the
 * tail of what happened before it joined.
 */
export const MAX_SUBSCRIBERS_PER_STREAM = 32
export const MAX_SUBSCRIBERS = 128
/** The earlier lines a subscriber gets at most, by count and by bytes; `dream logs <job>` prints them all. */
export const BACKLOG_LINES = 500
export const BACKLOG_BYTES = 64 * 1024

/** The subscribers of one API's streams. */
export class Subscribers {
  readonly #perStream = new Map<string, number>()
  #all = 0

  /** Counts one more subscriber of `stream`; returns what ends it. Past a bound: 429 STREAM_SUBSCRIBERS. */
  join(stream: string): () => void {
    const here = this.#perStream.get(stream) ?? 0
    if (here >= MAX_SUBSCRIBERS_PER_STREAM || this.#all >= MAX_SUBSCRIBERS) {
      const which =
        here >= MAX_SUBSCRIBERS_PER_STREAM
          ? `${stream} already has ${here} subscribers, the most one stream takes`
          : `the API already streams to ${this.#all} subscribers, the most it takes`
      throw new DreamError('STREAM_SUBSCRIBERS', `${which}; close another (a \`dream logs -f\`, a console tab) first`)
    }
    this.#perStream.set(stream, here + 1)
    this.#all++
    let left = false
    return () => {
      if (left) return
      left = true
      this.#all--
      const n = (this.#perStream.get(stream) ?? 1) - 1
      if (n === 0) this.#perStream.delete(stream)
      else this.#perStream.set(stream, n)
    }
  }
}

/** The tail of `items` within BACKLOG_LINES and BACKLOG_BYTES (by `size`), and how many earlier ones it leaves. */
export function backlogTail<T>(items: readonly T[], size: (t: T) => number): { skipped: number; kept: T[] } {
  let bytes = 0
  let from = items.length
  while (from > 0 && items.length - from < BACKLOG_LINES) {
    const b = size(items[from - 1] as T)
    if (bytes + b > BACKLOG_BYTES) break
    bytes += b
    from--
  }
  return { skipped: from, kept: items.slice(from) }
}

/** A log's lines as a late subscriber gets them: the tail, after a line saying how many earlier ones are left. */
export function boundedLines(lines: readonly string[]): string[] {
  const { skipped, kept } = backlogTail(lines, l => Buffer.byteLength(l) + 1)
  return skipped === 0
    ? kept
    : [`--- ${skipped} earlier lines not shown (\`dream logs <job>\` prints them all) ---`, ...kept]
}
