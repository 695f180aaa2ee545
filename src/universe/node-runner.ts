import type { FastifyInstance } from 'fastify'
import { createNode, tcpPort, type P2PNode } from '../p2p/node.js'
import { createHttpServer, listen } from '../http/server.js'
import type { Logger } from '../shared/log.js'
import type { Service, ServiceComponents, ServiceFactory } from '../services/types.js'
import { ConflictError } from '../shared/errors.js'
import { mkdirPrivate } from '../shared/private-fs.js'
import type { NodeEntry } from '../p2p/directory.js'

/**
 * Dials the bootstrap node, a few times: on a loaded machine one handshake can overrun libp2p's dial timeout,
 * and a universe should not fail to start for that.
 */
async function dialWithRetry(node: P2PNode, to: NodeEntry, attempts = 3): Promise<void> {
  for (let i = 1; ; i++) {
    try {
      await node.dial(to.addrs)
      return
    } catch (err) {
      if (i >= attempts) throw err
    }
  }
}

/** What the universe hands every service node; the runner adds the node's own parts. */
export type UniverseComponents = Pick<
  ServiceComponents,
  'directory' | 'fqdn' | 'gitUrl' | 'branch' | 'privatePorts' | 'allowOutbound'
>

export interface NodeSpec {
  role: string
  kind: 'service' | 'simple'
  /** Present for service nodes. */
  factory?: ServiceFactory
  /** Node state directory. */
  root: string
  /** Pinned ports: p2p, http, dns. */
  binds: Record<string, number>
  swarmKey: Uint8Array
  universe: UniverseComponents
  log: Logger
  /** Bootstrap: the elder's addresses, dialled once the node listens. */
  bootstrap?: NodeEntry
}

/**
 * One node of a universe: a libp2p host and, for a service, its HTTP server and the service on top. It owns all
 * three and closes them in reverse order.
 */
export class NodeRunner {
  readonly spec: NodeSpec
  #node: P2PNode | undefined
  #http: FastifyInstance | undefined
  #service: Service | undefined
  #entry: NodeEntry | undefined

  constructor(spec: NodeSpec) {
    this.spec = spec
  }

  get entry(): NodeEntry {
    if (this.#entry === undefined) throw new Error(`${this.spec.role} is not started`)
    return this.#entry
  }

  get node(): P2PNode {
    if (this.#node === undefined) throw new Error(`${this.spec.role} is not started`)
    return this.#node
  }

  get service(): Service | undefined {
    return this.#service
  }

  async start(): Promise<NodeEntry> {
    const { spec } = this
    try {
      await mkdirPrivate(spec.root)
      this.#node = await createNode({
        swarmKey: spec.swarmKey,
        port: spec.binds.p2p ?? 0,
        pubsub: spec.role === 'substrate'
      })
      const ports: Record<string, number> = { p2p: tcpPort(this.#node) }
      if (spec.factory !== undefined) {
        // The service may answer some requests ahead of fastify (see Service.front).
        this.#http = createHttpServer({ front: (req, res) => this.#service?.front?.(req, res) ?? false })
        const { p2p: _p, http: _h, ...binds } = spec.binds
        this.#service = spec.factory({
          ...spec.universe,
          node: this.#node,
          http: this.#http,
          root: spec.root,
          log: spec.log,
          binds
        })
        await this.#service.start()
        ports.http = await listen(this.#http, spec.binds.http ?? 0)
        Object.assign(ports, this.#service.ports?.() ?? {})
      }
      if (spec.bootstrap !== undefined) await dialWithRetry(this.#node, spec.bootstrap)
      this.#entry = {
        role: spec.role,
        kind: spec.kind,
        peerId: this.#node.peerId.toString(),
        addrs: this.#node.getMultiaddrs(),
        ports
      }
      return this.#entry
    } catch (err) {
      await this.stop()
      if (/EADDRINUSE/.test(`${(err as NodeJS.ErrnoException).code ?? ''} ${String(err)}`)) {
        const pinned = Object.entries(spec.binds)
          .map(([k, v]) => `${k} ${v}`)
          .join(', ')
        throw new ConflictError(
          'PORT_BUSY',
          `${spec.role}: a pinned port (${pinned}) is already in use; choose another with --bind`,
          { cause: err }
        )
      }
      throw err
    }
  }

  async stop(): Promise<void> {
    const service = this.#service
    const http = this.#http
    const node = this.#node
    this.#service = undefined
    this.#http = undefined
    this.#node = undefined
    await service?.stop().catch(err => {
      this.spec.log.warn(`stopping ${this.spec.role}: ${String(err)}`)
    })
    await http?.close().catch(() => {})
    try {
      await node?.stop()
    } catch {}
  }
}
