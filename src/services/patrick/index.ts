import type { ServiceFactory } from '../types.js'
import { PatrickService } from './service.js'
import { patrickSettings, type PatrickInit } from './settings.js'

export type { PatrickInit }
/** The settings are checked here, once: a bad one fails the universe's creation, not a node's start. */
export const patrick = (init: PatrickInit = {}): ServiceFactory => {
  const settings = patrickSettings(init)
  return components => new PatrickService(components, settings)
}
