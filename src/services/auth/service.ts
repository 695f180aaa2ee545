import { BaseService } from '../base.js'

export class AuthService extends BaseService {
  readonly name = 'auth'
}
