import type { ServiceFactory } from '../types.js'
import { SubstrateService, type SubstrateOptions } from './service.js'

export const substrate =
  (o: SubstrateOptions = {}): ServiceFactory =>
  components =>
    new SubstrateService(components, o)
