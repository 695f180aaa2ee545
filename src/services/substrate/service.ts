import { BaseService } from '../base.js'

export class SubstrateService extends BaseService {
  readonly name = 'substrate'
}
