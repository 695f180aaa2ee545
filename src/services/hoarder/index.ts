import type { ServiceFactory } from '../types.js'
import { HoarderService } from './service.js'
import { hoarderSettings, type HoarderInit } from './settings.js'

export type { HoarderInit }
/** The settings are checked here, once: a bad one fails the universe's creation, not a node's start. */
export const hoarder = (init: HoarderInit = {}): ServiceFactory => {
  const settings = hoarderSettings(init)
  return components => new HoarderService(components, settings)
}
