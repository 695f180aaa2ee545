/**
 * dream's programmatic API.
 *
 * @example
 * ```ts
 * import { createUniverse } from 'dream'
 * const u = createUniverse({ name: 'test', services: ['tns', 'hoarder'] })
 * await u.start()
 * console.log(u.chart().nodes.map(n => n.name))
 * await u.stop()
 * ```
 */
import './shared/polyfill.js'

export { createUniverse, Universe, type UniverseOptions } from './universe/universe.js'
export { Multiverse, type UniverseSpec } from './universe/multiverse.js'
export type {
  ServiceSettings,
  GitHostSettings,
  HoarderInit,
  MonkeyInit,
  PatrickInit,
  SeerInit,
  SubstrateInit,
  TnsInit
} from './universe/service-factories.js'
export type { ApiSettings } from './api/settings.js'
export { startDaemon, type Daemon, type DaemonOptions } from './daemon.js'
export { toUniverseSpec, type UniverseConfigInput } from './universe/config.js'
export { SERVICES, DEFAULT_SERVICES, DEFAULT_SIMPLES, type ServiceName } from './services/types.js'
export {
  DreamError,
  NotFoundError,
  InvalidInputError,
  ConflictError,
  UnauthorizedError,
  TimeoutError,
  BuildError,
  type ErrorCode
} from './shared/errors.js'
export { createLogger, silent, type Logger } from './shared/log.js'
export type { Chart, ChartNode, UniverseStatus } from './universe/status.js'
