/** The `/monkey/v1` commands. */
export const MonkeyCommand = {
  /** patrick has a new job: dequeue now instead of at the next poll. */
  wake: 'wake',
  job: 'job',
  cancel: 'cancel'
} as const

export interface JobBody {
  action?: 'list'
  jid?: string
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
