import type { FastifyInstance } from 'fastify'
import { BaseService } from '../base.js'
import type { Handlers } from '../../p2p/protocol.js'
import { DnsServer } from '../../dns/server.js'
import { TnsClient } from '../tns/client.js'
import { errorMessage } from '../../shared/errors.js'
import type { ServiceDeps } from '../types.js'
import { seerResolver } from './resolver.js'

/** Seconds a positive "registered domain" answer is reused before asking TNS again. */
const REGISTERED_TTL_MS = 5_000

/**
 * seer: the universe's authoritative DNS (UDP and TCP on its `dns` port) and its node registry. Registration
 * answers are cached briefly; unregistered names are not, so a domain resolves as soon as its config is built.
 */
export class SeerService extends BaseService {
  readonly name = 'seer'
  readonly #dns: DnsServer
  readonly #registered = new Map<string, number>()

  constructor (deps: ServiceDeps) {
    super(deps)
    const tns = new TnsClient(deps.node, deps.universe.directory)
    this.#dns = new DnsServer(seerResolver({
      directory: deps.universe.directory,
      fqdn: deps.universe.fqdn,
      isRegistered: async (labels) => {
        const key = labels.join('/')
        if ((this.#registered.get(key) ?? 0) > Date.now()) return true
        try {
          const found = (await tns.lookup(['domains', ...labels])).length > 0
          if (found) this.#registered.set(key, Date.now() + REGISTERED_TTL_MS)
          return found
        } catch (err) {
          this.deps.log.warn(`tns lookup for ${labels.join('.')} failed: ${errorMessage(err)}`)
          return false
        }
      }
    }))
  }

  protected override async open (): Promise<void> { await this.#dns.start(this.deps.binds.dns ?? 0) }
  protected override async close (): Promise<void> { await this.#dns.stop() }

  ports (): Record<string, number> { return { dns: this.#dns.port } }

  protected override handlers (): Handlers {
    return {
      nodes: () => ({
        nodes: this.deps.universe.directory.all().map(e => ({ id: e.peerId, role: e.role, addrs: e.addrs.map(a => a.toString()), ports: e.ports }))
      })
    }
  }

  protected override routes (app: FastifyInstance): void {
    // The generated-domain suffix, which the tau CLI reads to make fqdns.
    app.get('/network/config', async () => this.deps.universe.fqdn)
  }
}
