import type { FastifyInstance } from 'fastify'
import { commands, type Commands } from '../p2p/commands.js'
import { serve, type Served } from '../p2p/protocol.js'
import { PROTOCOLS, type BaseComponents, type Service, type ServiceName } from './types.js'

/**
 * The common lifecycle of a service: open its own resources, add its HTTP routes, then answer its stream
 * protocol; stop in reverse. Subclasses supply `handlers()` (each command's body shape, from their protocol.ts,
 * and its handler) and `routes()` and, when they hold resources, `open()`/`close()`.
 */
export abstract class BaseService implements Service {
  abstract readonly name: ServiceName
  readonly #base: BaseComponents
  #served: Served | undefined
  /** Whether `GET /ping` answers on the node's HTTP port (substrate's port belongs to user functions). */
  protected readonly httpPing: boolean = true

  constructor(components: BaseComponents) {
    this.#base = components
  }

  /** Stream commands beyond `ping` (which every service answers); a body that does not fit is refused. */
  protected handlers(): Commands {
    return commands({}, {})
  }
  /** HTTP routes beyond `GET /ping`. */
  protected routes(_app: FastifyInstance): void {}
  protected async open(): Promise<void> {}
  protected async close(): Promise<void> {}

  async start(): Promise<void> {
    await this.open()
    if (this.httpPing) this.#base.http.get('/ping', async () => ({ ping: 'pong', service: this.name }))
    this.routes(this.#base.http)
    const protocol = PROTOCOLS[this.name]
    if (protocol !== undefined) this.#served = await serve(this.#base.node, protocol, this.handlers())
  }

  async stop(): Promise<void> {
    await this.#served?.close()
    this.#served = undefined
    await this.close()
  }
}
