import { BaseService } from '../base.js'

export class MonkeyService extends BaseService {
  readonly name = 'monkey'
}
