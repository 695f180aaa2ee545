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
/** Compiled modules held, and the worker pool's counters. */
export interface StatsReply {
  modules: number
  workers: number
  busy: number
  queued: number
  lowered: number
}
