import type { ServiceFactory } from '../types.js'
import { HoarderService } from './service.js'

export { HoarderService }
export const hoarder = (): ServiceFactory => components => new HoarderService(components)
