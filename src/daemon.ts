import { tmpdir } from 'node:os'
import type { FastifyInstance, FastifyPluginAsync } from 'fastify'
import { CurrentRequest } from './api/current-request.js'
import { startApi } from './api/server.js'
import { keepServing } from './daemon/last-resort.js'
import { silent, type Logger } from './shared/log.js'
import { Multiverse, type UniverseSpec } from './universe/multiverse.js'
import type { Universe } from './universe/universe.js'
import { removeAbandonedRoots } from './universe/stale-roots.js'
import type { ApiSettings } from './api/settings.js'

export interface DaemonOptions {
  apiPort: number
  /** Universes to start, each with its spec. */
  universes: Array<{ name: string; spec: UniverseSpec }>
  log?: Logger
  /** Origins of web pages (other than the API's own) that may call the control API, e.g. http://localhost:3000. */
  allowOrigins?: readonly string[]
  /** Called once the API listens, before universes start. */
  onApiReady?: () => void
  /** Called as each universe has started. */
  onUniverse?: (u: Universe) => void
  /** Called when a client asks the daemon to stop (`POST /stop`); without it the route answers 501. */
  onStopRequest?: () => void
  /** Bytes of a function's body a console Run answers (default RUN_BODY_BYTES, 4 MiB). */
  runBodyBytes?: number
  /** An embedder's own routes on the control API. */
  routes?: FastifyPluginAsync
  /** The control API's tunables (poll intervals of its streams); what is left out keeps its default. */
  api?: Partial<ApiSettings>
}

export interface Daemon {
  readonly multiverse: Multiverse
  readonly api: FastifyInstance
  readonly apiPort: number
  stop: () => Promise<void>
}

/**
 * What `dream new multiverse` runs: the control API first (so a busy port fails before any node starts), then
 * each universe. If a universe fails, everything already started is stopped before the error propagates. While it
 * runs, an uncaught exception or unhandled rejection anywhere in the process is logged and the daemon goes on
 * (daemon/last-resort.ts).
 */
export async function startDaemon(o: DaemonOptions): Promise<Daemon> {
  const log = o.log ?? silent
  const multiverse = new Multiverse({ log })
  const requests = new CurrentRequest()
  const api = await startApi(multiverse, o.apiPort, o.allowOrigins, {
    requests,
    ...(o.onStopRequest !== undefined ? { onStop: o.onStopRequest } : {}),
    ...(o.runBodyBytes !== undefined ? { runBodyBytes: o.runBodyBytes } : {}),
    ...(o.routes !== undefined ? { routes: o.routes } : {}),
    settings: o.api ?? {}
  })
  // From here on, an exception no code caught is logged and fails its request; it no longer ends the process.
  const release = keepServing(log, requests)
  await removeAbandonedRoots(tmpdir(), log)
  const addr = api.server.address()
  const apiPort = typeof addr === 'object' && addr !== null ? addr.port : o.apiPort
  multiverse.apiPort = apiPort
  const stop = async (): Promise<void> => {
    await api.close().catch(() => {})
    await multiverse.stop()
    release()
  }
  o.onApiReady?.()
  try {
    for (const { name, spec } of o.universes) {
      const u = await multiverse.create(name, spec)
      o.onUniverse?.(u)
    }
  } catch (err) {
    await stop()
    throw err
  }
  return { multiverse, api, apiPort, stop }
}
