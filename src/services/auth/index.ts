import type { ServiceFactory } from '../types.js'
import { AuthService } from './service.js'

export { AuthService }
export const auth = (): ServiceFactory => components => new AuthService(components)
