import type { ServiceFactory } from '../types.js'
import { GatewayService } from './service.js'

export const gateway = (): ServiceFactory => components => new GatewayService(components)
