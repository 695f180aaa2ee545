import type { ServiceFactory } from '../types.js'
import { SeerService } from './service.js'

export { SeerService }
export const seer = (): ServiceFactory => (deps) => new SeerService(deps)
