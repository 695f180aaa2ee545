import { bodyShape, objectShape } from '../../p2p/commands.js'

/** The `/tns/v1` commands (the handlers are in service.ts, the leaf model in tree.ts). */
export const TnsCommand = {
  push: 'push',
  /** Many writes applied as one change of the tree: one new version, one wake-up of the watches. */
  batch: 'batch',
  fetch: 'fetch',
  lookup: 'lookup',
  list: 'list',
  /** Every leaf, for a tns node joining a running universe. */
  dump: 'dump',
  /** Held open until the tree changes (or `WATCH_HOLD_MS` passes): how consumers learn of pushes. */
  watch: 'watch'
} as const

/** Repository types as tau numbers them, as the config compiler indexes them. */
export const REPOSITORY_TYPE = { config: 1, code: 2, library: 3, website: 4 } as const

/** A library or website repository as a project's compiled config lists it in TNS (`TnsClient.indexedRepository`). */
export interface IndexedRepository {
  project: string
  type: number
  /** The ids of the resources built from it (a library id, a website id). */
  resources: string[]
}

/** How long a `watch` is held before it answers with no change; callers then ask again. */
export const WATCH_HOLD_MS = 10_000

/** `/tns/v1` command bodies and replies. */
export interface PushBody {
  path: string[]
  data: unknown /** set on copies fanned out to other tns nodes */
  replica?: boolean
}
/** One write of a batch: `data` upserted at `path`, as a push does. */
export interface TnsWrite {
  path: string[]
  data: unknown
}
/** Applied in order (a later write to a leaf wins), all before any read sees one of them. */
export interface BatchBody {
  writes: TnsWrite[]
  /** set on copies fanned out to other tns nodes */
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

const path = { type: 'array', items: { type: 'string' } }
const replica = { type: 'boolean' }

/** The body each command takes, checked when it arrives (a bad path is TNS_BAD_PATH). */
export const TnsBodies = {
  [TnsCommand.push]: bodyShape<PushBody>(objectShape({ path, data: {}, replica }, ['path']), 'TNS_BAD_PATH'),
  [TnsCommand.batch]: bodyShape<BatchBody>(
    objectShape({ writes: { type: 'array' }, replica }, ['writes']),
    'TNS_BAD_BATCH'
  ),
  [TnsCommand.fetch]: bodyShape<FetchBody>(objectShape({ path }, ['path']), 'TNS_BAD_PATH'),
  [TnsCommand.lookup]: bodyShape<LookupBody>(
    objectShape({ prefix: path, regex: { type: 'boolean' } }, ['prefix']),
    'TNS_BAD_PATH'
  ),
  [TnsCommand.list]: bodyShape<ListBody>(objectShape({ depth: { type: 'integer', minimum: 0 } })),
  [TnsCommand.dump]: bodyShape<unknown>({ type: 'object' }),
  [TnsCommand.watch]: bodyShape<WatchBody>(objectShape({ since: { type: 'string' } }))
}

/** `version`: the version of the tree the object was read from (see `versionOrder`). */
export interface FetchReply {
  object: unknown
  version: string
}
export interface BatchReply {
  version: string
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

/**
 * A tree version is `<node>/<run>:<changes>`: the tns node that answered, a token of its current run (a restart
 * starts again from 0 changes) and how many changes that run has applied. Two versions of one run are ordered by
 * their changes (negative: `a` is older); versions of different nodes or runs are not comparable (undefined).
 */
export function versionOrder(a: string, b: string): number | undefined {
  const ia = a.lastIndexOf(':')
  const ib = b.lastIndexOf(':')
  if (ia < 0 || ib < 0 || a.slice(0, ia) !== b.slice(0, ib)) return undefined
  return Number(a.slice(ia + 1)) - Number(b.slice(ib + 1))
}
