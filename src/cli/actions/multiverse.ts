import { readFile, rm } from 'node:fs/promises'
import { startDaemon } from '../../daemon.js'
import { bannerLines } from '../../daemon/banner.js'
import { JobReporter } from '../../daemon/job-reporter.js'
import { watchParent } from '../../daemon/parent-watch.js'
import { DEFAULT_UNIVERSE } from '../../shared/defaults.js'
import { createLogger, type Level } from '../../shared/log.js'
import { toUniverseSpec, type UniverseConfigInput } from '../../universe/config.js'
import { DreamError, errorMessage } from '../../shared/errors.js'
import { ApiClient } from '../api-client.js'
import { info, line, success, type Io } from '../output.js'
import type { StartOutcome } from './background.js'
import { runFixtures } from './nodes.js'

export interface MultiverseOptions extends UniverseConfigInput {
  universes: string[]
  apiPort: number
  /** Stop when the process that started this one goes away (off for a `--daemon` child, which outlives it). */
  parentWatch?: boolean
  logLevel?: Level
  /** Removed when the daemon exits, if it still holds this process's pid (`--daemon` writes it). */
  pidFile?: string
  allowOrigins?: string[]
  /** Fixtures to run in every universe once it is up (`--fixtures`); a failure stops the dream, exit 1. */
  fixtures?: string[]
  /** Told when the dream is ready (its fixtures run) or a fixture failed: how a `--daemon` child answers. */
  report?: (outcome: StartOutcome) => void
}

/**
 * `dream new multiverse`: runs the control API and the universes in the foreground until SIGINT, SIGTERM, SIGHUP,
 * `dream stop` or the end of the process that started it, then stops every node, frees every port and returns 0.
 */
export async function newMultiverse(io: Io, o: MultiverseOptions): Promise<number> {
  const spec = toUniverseSpec(o)
  const names = o.universes.length > 0 ? o.universes : [DEFAULT_UNIVERSE]
  let stopping = false
  const { promise: signalled, resolve: onSignal } = Promise.withResolvers<string>()
  const handler = (sig: string): void => {
    onSignal(sig)
  }
  const signals = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const
  for (const s of signals) process.once(s, handler)
  const parent =
    o.parentWatch === false
      ? undefined
      : watchParent(() => {
          onSignal('parent gone')
        })
  let reporter: JobReporter | undefined
  try {
    const started = startDaemon({
      apiPort: o.apiPort,
      allowOrigins: o.allowOrigins ?? [],
      universes: names.map(name => ({ name, spec })),
      log: createLogger(o.logLevel !== undefined ? { level: o.logLevel } : {}),
      onApiReady: () => {
        info(io, 'Dreamland ready')
      },
      onUniverse: u => {
        if (!stopping) success(io, `Universe ${u.name} started!`)
      },
      onStopRequest: () => {
        onSignal('dream stop')
      }
    })
    const first = await Promise.race([started, signalled])
    if (typeof first === 'string') {
      stopping = true
      await (await started.catch(() => undefined))?.stop()
      return 0
    }
    const hasConsole = first.api.hasRoute({ method: 'GET', url: '/' })
    for (const l of bannerLines(first.apiPort, first.multiverse.all(), { console: hasConsole })) line(io, l)
    if ((o.fixtures ?? []).length > 0) {
      try {
        const api = new ApiClient(first.apiPort)
        for (const u of first.multiverse.names()) await runFixtures(io, api, u, o.fixtures ?? [])
      } catch (err) {
        o.report?.({ failed: { code: err instanceof DreamError ? err.code : 'INTERNAL', message: errorMessage(err) } })
        stopping = true
        await first.stop()
        throw err
      }
    }
    o.report?.({ ready: true })
    reporter = new JobReporter(first.multiverse, l => {
      line(io, l)
    })
    reporter.start()
    const why = await signalled
    line(io)
    info(io, why.startsWith('SIG') ? 'Received signal... Shutting down.' : `Stopping (${why})... Shutting down.`)
    await reporter.stop()
    await first.stop()
    success(io, 'Dream stopped')
    return 0
  } finally {
    await reporter?.stop()
    parent?.stop()
    if (o.pidFile !== undefined) await removePidFile(o.pidFile)
    for (const s of signals) process.off(s, handler)
  }
}

async function removePidFile(file: string): Promise<void> {
  const held = await readFile(file, 'utf8').catch(() => '')
  if (held.trim() === String(process.pid)) await rm(file, { force: true })
}
