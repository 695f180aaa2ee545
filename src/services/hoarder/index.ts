import type { ServiceFactory } from '../types.js'
import { HoarderService } from './service.js'

export const hoarder = (): ServiceFactory => components => new HoarderService(components)
