import { bodyShape, objectShape } from '../../p2p/commands.js'

/** The `/substrate/v1` commands. */
export const SubstrateCommand = { logs: 'logs', stats: 'stats', p2pCall: 'p2pCall' } as const

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

/**
 * `p2pCall`: run the p2p function of `project` that serves `command` on `protocol`, with `data` (base64); the
 * reply's `data` (base64) is what it wrote back. Sent by the substrate whose function made the call.
 */
export interface P2PCallBody {
  project: string
  application: string
  protocol: string
  command: string
  data: string
}
const text = { type: 'string' }

/** The body each command takes, checked when it arrives. */
export const SubstrateBodies = {
  [SubstrateCommand.logs]: bodyShape<LogsBody>(objectShape({ function: text })),
  [SubstrateCommand.stats]: bodyShape<unknown>({ type: 'object' }),
  [SubstrateCommand.p2pCall]: bodyShape<P2PCallBody>(
    objectShape({ project: text, application: text, protocol: text, command: text, data: text }, [
      'project',
      'application',
      'protocol',
      'command',
      'data'
    ])
  )
}

export interface P2PCallReply {
  data: string
}
