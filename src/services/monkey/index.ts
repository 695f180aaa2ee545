import type { ServiceFactory } from '../types.js'
import { MonkeyService } from './service.js'
import { monkeySettings, type MonkeyInit } from './settings.js'

export type { MonkeyInit }
export const monkey =
  (init: MonkeyInit = {}): ServiceFactory =>
  components =>
    new MonkeyService(components, monkeySettings(init))
