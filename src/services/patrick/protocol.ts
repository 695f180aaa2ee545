import { bodyShape, objectShape } from '../../p2p/commands.js'
import type { Job } from './job.js'

export { isFinal, type Job, type JobStatus } from './job.js'

/** The `/patrick/v1` commands. */
export const PatrickCommand = {
  list: 'list',
  info: 'info',
  jobs: 'jobs',
  /** A monkey asks for its next job; patrick assigns it to the caller. */
  dequeue: 'dequeue',
  /** Whether the caller is the monkey the job is assigned to. */
  isAssigned: 'isAssigned',
  done: 'done',
  failed: 'failed',
  cancel: 'cancel',
  retry: 'retry'
} as const

interface JidBody {
  jid: string
}
export interface JobsBody {
  project?: string
}
/** A monkey's report: `cid` maps log keys to the CIDs of stored logs, `assetCid` function ids to build CIDs. */
export interface ReportBody {
  jid: string
  cid?: Record<string, string>
  assetCid?: Record<string, string>
  /** The log as text, when no hoarder could keep it (so `cid` has no entry for it). */
  log?: string
  /** `failed` only: false when another attempt would fail the same way (a user error such as a compile error). */
  retry?: boolean
}

const jid = bodyShape<JidBody>(objectShape({ jid: { type: 'string', minLength: 1 } }, ['jid']))
const idToCid = { type: 'object', additionalProperties: { type: 'string' } }
const report = bodyShape<ReportBody>(
  objectShape(
    {
      jid: { type: 'string', minLength: 1 },
      cid: idToCid,
      assetCid: idToCid,
      log: { type: 'string' },
      retry: { type: 'boolean' }
    },
    ['jid']
  )
)
const none = bodyShape<unknown>({ type: 'object' })

/** The body each command takes, checked when it arrives. */
export const PatrickBodies = {
  [PatrickCommand.list]: none,
  [PatrickCommand.info]: jid,
  [PatrickCommand.jobs]: bodyShape<JobsBody>(objectShape({ project: { type: 'string' } })),
  [PatrickCommand.dequeue]: none,
  [PatrickCommand.isAssigned]: jid,
  [PatrickCommand.done]: report,
  [PatrickCommand.failed]: report,
  [PatrickCommand.cancel]: jid,
  [PatrickCommand.retry]: jid
}

export interface ListReply {
  Ids: string[]
}
export interface JobReply {
  job: Job
}
export interface JobsReply {
  jobs: Job[]
}
export interface DequeueReply {
  available: boolean
  job?: Job
}
export interface AssignedReply {
  assigned: boolean
}
export interface CancelReply {
  cancelled: string
}
