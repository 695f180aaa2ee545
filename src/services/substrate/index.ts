import type { ServiceFactory } from '../types.js'
import { SubstrateService } from './service.js'
import { substrateSettings, type SubstrateInit } from './settings.js'

export type { SubstrateInit }
/** The settings are checked here, once: a bad one fails the universe's creation, not a node's start. */
export const substrate = (init: SubstrateInit = {}): ServiceFactory => {
  const settings = substrateSettings(init)
  return components => new SubstrateService(components, settings)
}
