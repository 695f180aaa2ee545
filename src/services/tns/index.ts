import type { ServiceFactory } from '../types.js'
import { TnsService } from './service.js'
import { tnsSettings, type TnsInit } from './settings.js'

export type { TnsInit }
export const tns =
  (init: TnsInit = {}): ServiceFactory =>
  components =>
    new TnsService(components, tnsSettings(init))
