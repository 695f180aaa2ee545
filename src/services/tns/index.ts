import type { ServiceFactory } from '../types.js'
import { TnsService } from './service.js'

export { TnsService }
export const tns = (): ServiceFactory => (deps) => new TnsService(deps)
