import type { ServiceFactory } from '../types.js'
import { PatrickService } from './service.js'
import { patrickSettings, type PatrickInit } from './settings.js'

export type { PatrickInit }
export const patrick =
  (init: PatrickInit = {}): ServiceFactory =>
  components =>
    new PatrickService(components, patrickSettings(init))
