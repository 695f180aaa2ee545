import { ServiceClient } from '../client.js'
import { SeerCommand, type NodeInfo, type NodesReply } from './protocol.js'

/** A typed client of `/seer/v1`. */
export class SeerClient extends ServiceClient {
  protected readonly service = 'seer'

  /** Every live node of the universe. */
  async nodes(): Promise<NodeInfo[]> {
    return (await this.call<NodesReply>(SeerCommand.nodes, {})).nodes
  }
}
