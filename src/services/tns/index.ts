import type { ServiceFactory } from '../types.js'
import { TnsService } from './service.js'

export const tns = (): ServiceFactory => components => new TnsService(components)
