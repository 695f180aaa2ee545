import type { ServiceFactory } from '../types.js'
import { MonkeyService, type MonkeyOptions } from './service.js'

export { MonkeyService }
export const monkey =
  (o: MonkeyOptions = {}): ServiceFactory =>
  components =>
    new MonkeyService(components, o)
