import { withDefaults } from '../../shared/settings.js'
import { DEFAULT_RESPONSE_BYTES } from '../../vm/index.js'

/** What `substrate(init)` takes; each field left out takes its value from SUBSTRATE_DEFAULTS. */
export interface SubstrateInit {
  /** Worker threads running calls: a function that loops ties up one until its timeout, not the node. */
  workers?: number
  /**
   * Warm instances (inline here, and whole workers in the pool) unused this long are released: a Go function's
   * instance holds megabytes, and recreating one costs its start-up (a millisecond or so), not a compile.
   */
  idleMs?: number
  /** Function log lines kept per substrate for `dream logs --function`. */
  keptLogs?: number
  /** Routes kept in the hot cache before it is emptied. */
  hotRoutes?: number
  /** Channel-name hashes of project and application ids kept before they are forgotten (serving/requests.ts). */
  scopeHashes?: number
  /** Route lookups a request makes while newer publishes overtake its route, before 502 TNS_MOVING. */
  routeAttempts?: number
  /** Hosts remembered as served here, whose new modules are prepared first after a publish (prepare-ahead.ts). */
  preparedHosts?: number
  /** A database replica unused this long, with no write pending, is closed (host/database-replicas.ts). */
  replicaIdleMs?: number
  /**
   * How long a replica may take to be opened (again, on the next hoarder, when its owner went away) before the
   * calls waiting on it fail: a function hears of a lost or silent hoarder within this, not at its deadline.
   */
  replicaOpenMs?: number
  /** The most bytes a function may write as its response body (the vm's DEFAULT_RESPONSE_BYTES, 64 MiB). */
  maxResponseBytes?: number
  /** Calls of one function for pub/sub messages under way at once on this substrate; messages beyond are dropped. */
  triggerCalls?: number
  /** Pause after a change of TNS before the pub/sub triggers read it again (a push writes many leaves at once). */
  triggerSettleMs?: number
  /** Messages per second one function may publish on this substrate; its excess past the burst is dropped. */
  publishPerS?: number
  /** Messages one function may publish at once, above its rate. */
  publishBurst?: number
  /** How long a caller's substrate waits for a p2p-called function's answer (the caller's timeout may end it first). */
  p2pCallMs?: number
  /** Compiled modules' bytes kept in memory (serving/modules.ts; 24 MiB when not given). */
  moduleCacheBytes?: number
  /** Module bytes kept on this node's disk (serving/module-bytes.ts; 512 MiB when not given). */
  moduleDiskBytes?: number
}

/** These stay optional: their defaults are the module caches' own (serving/modules.ts, serving/module-bytes.ts). */
type CacheKnobs = 'moduleCacheBytes' | 'moduleDiskBytes'

export type SubstrateSettings = Required<Omit<SubstrateInit, CacheKnobs>> & Pick<SubstrateInit, CacheKnobs>

/** The defaults; a part built on its own (in a unit test) takes its fields from here too. */
export const SUBSTRATE_DEFAULTS: SubstrateSettings = {
  workers: 3,
  idleMs: 10_000,
  keptLogs: 500,
  hotRoutes: 4096,
  scopeHashes: 4096,
  routeAttempts: 3,
  preparedHosts: 64,
  replicaIdleMs: 60_000,
  replicaOpenMs: 1_000,
  maxResponseBytes: DEFAULT_RESPONSE_BYTES,
  triggerCalls: 64,
  triggerSettleMs: 50,
  publishPerS: 1000,
  publishBurst: 200,
  p2pCallMs: 60_000
}

export function substrateSettings(init: SubstrateInit = {}): SubstrateSettings {
  return withDefaults(SUBSTRATE_DEFAULTS, init)
}
