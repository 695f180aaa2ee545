import type { ServiceFactory } from '../types.js'
import { AuthService } from './service.js'

export const auth = (): ServiceFactory => components => new AuthService(components)
