import type { ServiceFactory } from '../types.js'
import { SeerService } from './service.js'

export { SeerService }
export const seer = (): ServiceFactory => components => new SeerService(components)
