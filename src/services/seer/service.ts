import type { FastifyInstance } from 'fastify'
import { BaseService } from '../base.js'
import { commands, type Commands } from '../../p2p/commands.js'
import { DnsServer } from '../../dns/server.js'
import { TnsClient } from '../tns/client.js'
import { errorMessage } from '../../shared/errors.js'
import type { ServiceComponents } from '../types.js'
import { SeerBodies, SeerCommand, type NodesReply } from './protocol.js'
import { seerResolver } from './resolver.js'
import { seerRoutes } from './routes.js'
import type { SeerSettings } from './settings.js'

export type SeerComponents = Pick<ServiceComponents, 'node' | 'http' | 'directory' | 'fqdn' | 'log' | 'binds'>

/**
 * seer: the universe's authoritative DNS (UDP and TCP on its `dns` port) and its node registry. Registration
 * answers are cached briefly; unregistered names are not, so a domain resolves as soon as its config is built.
 */
export class SeerService extends BaseService {
  readonly name = 'seer'
  readonly #dns: DnsServer
  readonly #registered = new Map<string, number>()
  readonly #c: SeerComponents

  constructor(components: SeerComponents, settings: SeerSettings) {
    super(components)
    this.#c = components
    const tns = new TnsClient(components.node, components.directory)
    this.#dns = new DnsServer(
      seerResolver({
        directory: components.directory,
        fqdn: components.fqdn,
        isRegistered: async labels => {
          const key = labels.join('/')
          if ((this.#registered.get(key) ?? 0) > Date.now()) return true
          try {
            const found = (await tns.lookup(['domains', ...labels])).length > 0
            if (found) this.#registered.set(key, Date.now() + settings.registeredTtlMs)
            return found
          } catch (err) {
            this.#c.log.warn(`tns lookup for ${labels.join('.')} failed: ${errorMessage(err)}`)
            return false
          }
        }
      })
    )
  }

  protected override async open(): Promise<void> {
    await this.#dns.start(this.#c.binds.dns ?? 0)
  }
  protected override async close(): Promise<void> {
    await this.#dns.stop()
  }

  ports(): Record<string, number> {
    return { dns: this.#dns.port }
  }

  protected override handlers(): Commands {
    return commands(SeerBodies, {
      [SeerCommand.nodes]: (): NodesReply => ({
        nodes: this.#c.directory
          .all()
          .map(e => ({ id: e.peerId, role: e.role, addrs: e.addrs.map(a => a.toString()), ports: e.ports }))
      })
    })
  }

  protected override routes(app: FastifyInstance): void {
    seerRoutes(app, this.#c.fqdn)
  }
}
