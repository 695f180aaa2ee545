import type { Server } from 'node:http'
import type { Directory } from '../../../p2p/directory.js'
import type { P2PNode } from '../../../p2p/node.js'
import type { Logger } from '../../../shared/log.js'
import type { TnsClient } from '../../tns/client.js'
import { ChannelSockets } from './channel-sockets.js'
import { FunctionPublish, type PublishRate } from './function-publish.js'
import { PubsubHub } from './hub.js'
import { MessagingLookup } from './messaging.js'

/**
 * Substrate's pub/sub: the `messaging/` resources looked up in TNS, the channels joined over gossipsub, the
 * channel websockets on the node's HTTP port, and what functions publish.
 */
export class Channels {
  readonly hub: PubsubHub
  readonly lookup: MessagingLookup
  readonly sockets: ChannelSockets
  readonly functions: FunctionPublish
  #server: Server | undefined

  constructor(o: {
    node: P2PNode
    directory: Directory
    tns: TnsClient
    branch: () => string
    log: Logger
    publishRate: PublishRate
  }) {
    this.hub = new PubsubHub(o.node, o.directory, o.log)
    this.lookup = new MessagingLookup(o.tns, o.branch)
    this.sockets = new ChannelSockets(this.hub, this.lookup, o.log)
    this.functions = new FunctionPublish(this.hub, this.lookup, o.log, o.publishRate)
  }

  /** Joins gossipsub and takes the websocket upgrades of `server`. */
  start(server: Server): void {
    this.hub.start()
    this.#server = server
    server.on('upgrade', this.sockets.onUpgrade)
  }

  stop(): void {
    this.#server?.off('upgrade', this.sockets.onUpgrade)
    this.#server = undefined
    this.sockets.stop()
    this.hub.stop()
  }
}
