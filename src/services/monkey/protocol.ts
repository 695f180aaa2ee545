import { bodyShape, objectShape } from '../../p2p/commands.js'

/** The `/monkey/v1` commands. */
export const MonkeyCommand = {
  /** patrick has a new job: dequeue now instead of at the next poll. */
  wake: 'wake',
  job: 'job',
  cancel: 'cancel',
  /** Build a project from folders on this machine (the `buildLocalProject` fixture). */
  local: 'local'
} as const

export interface JobBody {
  action?: 'list' | 'log'
  jid?: string
  /** With `log`: the index of the first line wanted. */
  from?: number
}
const jobBody = objectShape({
  action: { enum: ['list', 'log'] },
  jid: { type: 'string' },
  from: { type: 'integer', minimum: 0 }
})

/**
 * The body each command takes, checked when it arrives; a local build's fields are checked further, each with its
 * own message, by local-body.ts.
 */
export const MonkeyBodies = {
  [MonkeyCommand.wake]: bodyShape<unknown>({ type: 'object' }),
  [MonkeyCommand.job]: bodyShape<JobBody>(jobBody),
  [MonkeyCommand.cancel]: bodyShape<JobBody & { jid: string }>(objectShape({ jid: { type: 'string' } }, ['jid'])),
  [MonkeyCommand.local]: bodyShape<unknown>({ type: 'object' }, 'LOCAL_BUILD_BODY')
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

/** A project to build from folders on this machine (absolute paths). */
export interface LocalBuildBody {
  /** The folder holding config.yaml. */
  configDir: string
  /** The folder holding the functions' code; without it no function is built. */
  codeDir?: string
  /** The folder holding one folder per library (`<name>/`); without it no library is built. */
  librariesDir?: string
  /** The folder holding one folder per website (`<name>/`); without it no website is built. */
  websitesDir?: string
  branch: string
  /** Default: a hash of the files of all the folders. */
  commit?: string
  /** false: build the code against the config without publishing the config. */
  publishConfig?: boolean
}
export interface LocalBuildReply {
  projectId: string
  commit: string
  /** TNS paths written. */
  pushed: string[]
  /** Resource id → CID of its built module. */
  assets: Record<string, string>
  /** The folders (`libraries/<name>`, `websites/<name>`) of what the config lists that are missing: not built. */
  unbuilt: string[]
  log: string
}
