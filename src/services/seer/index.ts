import type { ServiceFactory } from '../types.js'
import { SeerService } from './service.js'

export const seer = (): ServiceFactory => components => new SeerService(components)
