import type { ServiceFactory } from '../types.js'
import { PatrickService } from './service.js'

export { PatrickService }
export const patrick = (): ServiceFactory => (deps) => new PatrickService(deps)
