import type { ServiceFactory } from '../types.js'
import { SubstrateService } from './service.js'

export const substrate = (): ServiceFactory => components => new SubstrateService(components)
