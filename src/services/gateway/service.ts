import type { FastifyInstance } from 'fastify'
import { BaseService } from '../base.js'
import type { NodeEntry } from '../../p2p/directory.js'
import type { ServiceComponents } from '../types.js'
import { proxyRoutes } from './routes.js'

export type GatewayComponents = Pick<ServiceComponents, 'node' | 'http' | 'directory'>

/**
 * gateway: the universe's HTTP front door, in front of the substrates. It has no p2p protocol of its own: every
 * request is passed to one of the live substrates in turn (see routes.ts).
 */
export class GatewayService extends BaseService {
  readonly name = 'gateway'
  protected override readonly httpPing = false
  readonly #c: GatewayComponents
  #next = 0

  constructor(components: GatewayComponents) {
    super(components)
    this.#c = components
  }

  protected override routes(app: FastifyInstance): void {
    proxyRoutes(app, () => this.#pick())
  }

  #pick(): NodeEntry | undefined {
    const subs = this.#c.directory.byRole('substrate')
    if (subs.length === 0) return undefined
    this.#next = (this.#next + 1) % subs.length
    return subs[this.#next]
  }
}
