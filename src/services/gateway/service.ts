import { BaseService } from '../base.js'

export class GatewayService extends BaseService {
  readonly name = 'gateway'
}
