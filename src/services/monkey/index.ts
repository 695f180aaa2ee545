import type { ServiceFactory } from '../types.js'
import { MonkeyService } from './service.js'

export { MonkeyService }
export const monkey = (): ServiceFactory => components => new MonkeyService(components)
