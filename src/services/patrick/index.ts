import type { ServiceFactory } from '../types.js'
import { PatrickService } from './service.js'

export const patrick = (): ServiceFactory => components => new PatrickService(components)
