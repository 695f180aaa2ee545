import { startDaemon } from '../../daemon.js'
import { createLogger } from '../../shared/log.js'
import { toUniverseSpec, type UniverseConfigInput } from '../../universe/config.js'
import { info, line, success, type Io } from '../output.js'

export interface MultiverseOptions extends UniverseConfigInput { universes: string[], apiPort: number, allowOrigins?: string[] }

/**
 * `dream new multiverse`: runs the control API and the universes in the foreground until SIGINT or SIGTERM,
 * then stops every node, frees every port and returns 0.
 */
export async function newMultiverse (io: Io, o: MultiverseOptions): Promise<number> {
  const spec = toUniverseSpec(o)
  const names = o.universes.length > 0 ? o.universes : ['blackhole']
  let stopping = false
  const { promise: signalled, resolve: onSignal } = Promise.withResolvers<string>()
  const handler = (sig: string): void => { onSignal(sig) }
  process.once('SIGINT', handler)
  process.once('SIGTERM', handler)
  try {
    const started = startDaemon({
      apiPort: o.apiPort,
      allowOrigins: o.allowOrigins ?? [],
      universes: names.map(name => ({ name, spec })),
      log: createLogger(),
      onApiReady: () => { info(io, 'Dreamland ready') },
      onUniverse: (u) => { if (!stopping) success(io, `Universe ${u.name} started!`) }
    })
    const first = await Promise.race([started, signalled])
    if (typeof first === 'string') {
      stopping = true
      await (await started.catch(() => undefined))?.stop()
      return 0
    }
    await signalled
    line(io)
    info(io, 'Received signal... Shutting down.')
    await first.stop()
    success(io, 'Dream stopped')
    return 0
  } finally {
    process.off('SIGINT', handler)
    process.off('SIGTERM', handler)
  }
}
