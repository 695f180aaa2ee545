/** Where a job is: waiting, taken by a monkey, or finished one of three ways. */
const JOB_STATUSES = ['open', 'running', 'succeeded', 'failed', 'cancelled'] as const
export type JobStatus = (typeof JOB_STATUSES)[number]

/** tau's numeric codes, which job files written by earlier versions of dream hold. */
const LEGACY_STATUS: Readonly<Record<number, JobStatus>> = {
  [-1]: 'failed',
  0: 'open',
  1: 'running',
  2: 'succeeded',
  3: 'cancelled'
}

/** A job as stored, with a numeric status from an earlier version turned into its name. */
export function migrateJob(stored: Job | (Omit<Job, 'Status'> & { Status: number })): Job {
  return typeof stored.Status === 'number'
    ? { ...stored, Status: LEGACY_STATUS[stored.Status] ?? 'failed' }
    : (stored as Job)
}

export interface JobMeta {
  ref: string
  before: string
  after: string
  head_commit: { id: string }
  Repository: {
    id: number
    provider: 'github'
    ssh_url: string
    uri: string
    default_branch: string
    pushed_at: number
  }
}

/** The job JSON patrick serves (Go field names, as the real one). `Finished` and `ProjectId` are additions. */
export interface Job {
  Id: string
  Timestamp: number
  Status: JobStatus
  Logs: Record<string, string>
  Meta: JobMeta
  AssetCid: Record<string, string>
  Attempt: number
  ProjectId: string
  /** Unix milliseconds when the job reached a final state. */
  Finished?: number
  /** Unix milliseconds of the webhook that created it. */
  Received: number
  /** The last attempt's log text, when no hoarder could keep it (so `Logs` has no CID for it). */
  LogText?: string
}

/** A failed job is final: between attempts a job is open again (a user error ends it after one, see queue.ts). */
export function isFinal(j: Job): boolean {
  return j.Status === 'succeeded' || j.Status === 'cancelled' || j.Status === 'failed'
}

/** The parts of a GitHub push payload patrick reads. */
export interface PushPayload {
  ref?: string
  before?: string
  after?: string
  head_commit?: { id?: string } | null
  repository?: {
    id?: number
    ssh_url?: string
    clone_url?: string
    pushed_at?: number | string
    default_branch?: string
  }
}

export function metaOf(p: PushPayload): JobMeta {
  const ref = p.ref ?? ''
  const uri = p.repository?.clone_url ?? p.repository?.ssh_url ?? ''
  const pushedAt =
    typeof p.repository?.pushed_at === 'number'
      ? p.repository.pushed_at
      : Math.floor(Date.parse(String(p.repository?.pushed_at ?? '')) / 1000) || 0
  return {
    ref,
    before: p.before ?? '',
    after: p.after ?? '',
    head_commit: { id: p.head_commit?.id ?? p.after ?? '' },
    Repository: {
      id: Number(p.repository?.id ?? 0),
      provider: 'github',
      ssh_url: uri,
      uri,
      // Overwritten with the pushed branch, as tau does.
      default_branch: ref.replace(/^refs\/heads\//, ''),
      pushed_at: pushedAt
    }
  }
}
