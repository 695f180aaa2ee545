import type { ServiceFactory } from '../types.js'
import { MonkeyService } from './service.js'
import { monkeySettings, type MonkeyInit } from './settings.js'

export type { MonkeyInit }
/** The settings are checked here, once: a bad one fails the universe's creation, not a node's start. */
export const monkey = (init: MonkeyInit = {}): ServiceFactory => {
  const settings = monkeySettings(init)
  return components => new MonkeyService(components, settings)
}
