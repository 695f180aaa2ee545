import { BaseService } from '../base.js'

export class PatrickService extends BaseService {
  readonly name = 'patrick'
}
