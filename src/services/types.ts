import type { FastifyInstance } from 'fastify'
import type { FrontDoor } from '../http/server.js'
import type { P2PNode } from '../p2p/node.js'
import type { Directory } from '../p2p/directory.js'
import type { Logger } from '../shared/log.js'

/** Every service dream knows, in the fixed order status tables use. */
export const SERVICES = ['auth', 'patrick', 'monkey', 'tns', 'hoarder', 'substrate', 'seer', 'gateway'] as const
export type ServiceName = (typeof SERVICES)[number]

/** Started by `dream new multiverse` unless --enable/--disable say otherwise (gateway only when asked for). */
export const DEFAULT_SERVICES: readonly ServiceName[] = SERVICES.filter(s => s !== 'gateway')

/** The default simple nodes: the bootstrap `elder` and the `client` fixtures act through. */
export const DEFAULT_SIMPLES: readonly string[] = ['elder', 'client']

/** Each service's p2p stream protocol (gateway has none: it is a client of substrate). */
export const PROTOCOLS: Readonly<Record<ServiceName, string | undefined>> = {
  auth: '/auth/v1',
  patrick: '/patrick/v1',
  monkey: '/monkey/v1',
  tns: '/tns/v1',
  hoarder: '/hoarder/v1',
  substrate: '/substrate/v1',
  seer: '/seer/v1',
  gateway: undefined
}

export function isServiceName(s: string): s is ServiceName {
  return (SERVICES as readonly string[]).includes(s)
}

/**
 * Everything a universe can hand a service node, in the manner of js-libp2p's `components`: each service
 * declares the few of these it needs (e.g. `Pick<ServiceComponents, 'node' | 'directory'>`) and receives
 * only those in its constructor's type.
 */
export interface ServiceComponents {
  readonly node: P2PNode
  /** The universe's live nodes, to find peers that run a protocol. */
  readonly directory: Directory
  /** The node's own HTTP server; routes must be added in start(), before it listens. */
  readonly http: FastifyInstance
  /** This node's state directory (`<universe root>/<service>-<n>`). */
  readonly root: string
  readonly log: Logger
  /** Pinned ports for extra listeners (seer's dns). */
  readonly binds: Readonly<Record<string, number>>
  /** Network fqdn: `<universe>.localtau`. */
  readonly fqdn: string
  /** The base URL of the universe's git host (its GitHub-shaped REST API). */
  readonly gitUrl: string
  /** The branch builds and routing resolve (set-branch changes it for this universe only). */
  readonly branch: () => string
  /**
   * Every TCP port this dream listens on for itself (the control API, every universe's nodes and git hosts):
   * functions' outbound requests to them on this machine are refused.
   */
  readonly privatePorts: () => ReadonlySet<number>
  /** `address:port` destinations the owner lets functions request though the address guard refuses them. */
  readonly allowOutbound: readonly string[]
}

/** What every service's lifecycle uses: its p2p node and its HTTP server. */
export type BaseComponents = Pick<ServiceComponents, 'node' | 'http'>

export interface Service {
  readonly name: ServiceName
  start: () => Promise<void>
  stop: () => Promise<void>
  /** Ports the service opened itself, beyond p2p and http (seer: dns). */
  ports?: () => Record<string, number>
  /** Answers requests on the node's HTTP port ahead of its fastify routes when it can (substrate's hot routes). */
  front?: FrontDoor
}

export type ServiceFactory = (components: ServiceComponents) => Service
