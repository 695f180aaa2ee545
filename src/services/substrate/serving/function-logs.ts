/** Function log lines kept for `dream logs --function`: the newest `keep`, each also written to the node's log. */
import type { Logger } from '../../../shared/log.js'
import type { FunctionLogLine } from '../protocol.js'

export class FunctionLogs {
  readonly #lines: FunctionLogLine[] = []
  readonly #log: Logger
  readonly #keep: number

  constructor(log: Logger, keep: number) {
    this.#log = log
    this.#keep = keep
  }

  /** Lines `fn` of `project` wrote (or its call's error). */
  readonly record = (fn: string, project: string, lines: string[]): void => {
    for (const line of lines) {
      this.#log.info(`[${fn}] ${line}`)
      this.#lines.push({ at: Date.now(), function: fn, project, line })
    }
    if (this.#lines.length > this.#keep) this.#lines.splice(0, this.#lines.length - this.#keep)
  }

  /** The kept lines, of one function when `fn` is given. */
  of(fn: string | undefined): FunctionLogLine[] {
    return this.#lines.filter(l => fn === undefined || l.function === fn)
  }
}
