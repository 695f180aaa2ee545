/** The `/substrate/v1` commands. */
export const SubstrateCommand = { logs: 'logs', stats: 'stats' } as const

/** One line a function logged (or an error of its call), kept per substrate for `dream logs --function`. */
export interface FunctionLogLine {
  at: number
  function: string
  project: string
  line: string
}

export interface LogsBody {
  function?: string
}
export interface LogsReply {
  logs: FunctionLogLine[]
}
/**
 * Compiled modules held, modules loaded so far (fetched and compiled, on a request or ahead of one) and those
 * prepared ahead of a request, warm inline instances, and the worker pool's counters (`workers` now, `size` when busy,
 * `held`: modules the workers hold).
 */
export interface StatsReply {
  modules: number
  loads: number
  prepared: number
  inline: number
  workers: number
  size: number
  held: number
  busy: number
  queued: number
  lowered: number
}
