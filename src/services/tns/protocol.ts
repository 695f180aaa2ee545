/** The `/tns/v1` commands (the handlers are in service.ts, the leaf model in tree.ts). */
export const TnsCommand = {
  push: 'push',
  fetch: 'fetch',
  lookup: 'lookup',
  list: 'list',
  /** Every leaf, for a tns node joining a running universe. */
  dump: 'dump',
  /** Held open until the tree changes (or `WATCH_HOLD_MS` passes): how consumers learn of pushes. */
  watch: 'watch'
} as const

/** How long a `watch` is held before it answers with no change; callers then ask again. */
export const WATCH_HOLD_MS = 10_000

/** `/tns/v1` command bodies and replies. */
export interface PushBody {
  path: string[]
  data: unknown /** set on copies fanned out to other tns nodes */
  replica?: boolean
}
export interface FetchBody {
  path: string[]
}
export interface LookupBody {
  prefix: string[]
  regex?: boolean
}
export interface ListBody {
  depth?: number
}
/** `since`: the version the caller last saw; the reply comes at once when the tree is at another version. */
export interface WatchBody {
  since?: string
}

export interface FetchReply {
  object: unknown
}
export interface LookupReply {
  keys: string[]
}
export interface ListReply {
  keys: string[][]
}
export interface DumpReply {
  leaves: Array<[string, unknown]>
}
/** The tree's version on the node that answered (unique per node, so a change of node reads as a change). */
export interface WatchReply {
  version: string
}
