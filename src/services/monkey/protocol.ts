/** The `/monkey/v1` commands. */
export const MonkeyCommand = {
  /** patrick has a new job: dequeue now instead of at the next poll. */
  wake: 'wake',
  job: 'job',
  cancel: 'cancel'
} as const

export interface JobBody {
  action?: 'list' | 'log'
  jid?: string
  /** With `log`: the index of the first line wanted. */
  from?: number
}
/** A running job's log so far (`action: 'log'`); `running: false` when this monkey does not run the job. */
export interface LiveLogReply {
  running: boolean
  attempt?: number
  lines?: string[]
}
export interface RunningReply {
  ids: string[]
}
export interface JobStatusReply {
  jid: string
  status: 'running' | 'unknown'
}
export interface CancelReply {
  cancelled: boolean
}
