import type { ServiceFactory } from '../types.js'
import { SeerService } from './service.js'
import { seerSettings, type SeerInit } from './settings.js'

export type { SeerInit }
export const seer =
  (init: SeerInit = {}): ServiceFactory =>
  components =>
    new SeerService(components, seerSettings(init))
