import type { ServiceFactory } from '../types.js'
import { TnsService } from './service.js'
import { tnsSettings, type TnsInit } from './settings.js'

export type { TnsInit }
/** The settings are checked here, once: a bad one fails the universe's creation, not a node's start. */
export const tns = (init: TnsInit = {}): ServiceFactory => {
  const settings = tnsSettings(init)
  return components => new TnsService(components, settings)
}
