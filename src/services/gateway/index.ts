import type { ServiceFactory } from '../types.js'
import { GatewayService } from './service.js'

export { GatewayService }
export const gateway = (): ServiceFactory => (deps) => new GatewayService(deps)
