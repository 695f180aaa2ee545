import type { ServiceFactory } from '../types.js'
import { SubstrateService } from './service.js'

export { SubstrateService }
export const substrate = (): ServiceFactory => (deps) => new SubstrateService(deps)
