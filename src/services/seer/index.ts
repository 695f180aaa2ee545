import type { ServiceFactory } from '../types.js'
import { SeerService } from './service.js'
import { seerSettings, type SeerInit } from './settings.js'

export type { SeerInit }
/** The settings are checked here, once: a bad one fails the universe's creation, not a node's start. */
export const seer = (init: SeerInit = {}): ServiceFactory => {
  const settings = seerSettings(init)
  return components => new SeerService(components, settings)
}
