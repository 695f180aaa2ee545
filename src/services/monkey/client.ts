import type { NodeEntry } from '../../p2p/directory.js'
import type { CallOptions } from '../../p2p/protocol.js'
import { ServiceClient } from '../client.js'
import { MonkeyCommand, type CancelReply, type RunningReply } from './protocol.js'

/** A typed client of `/monkey/v1`; each call goes to one given monkey. */
export class MonkeyClient extends ServiceClient {
  protected readonly service = 'monkey'

  async wake(peer: NodeEntry, o: CallOptions = {}): Promise<void> {
    await this.call(MonkeyCommand.wake, {}, peer, o)
  }

  /** The ids of the jobs the monkey runs now. */
  async running(peer: NodeEntry): Promise<string[]> {
    return (await this.call<RunningReply>(MonkeyCommand.job, { action: 'list' }, peer)).ids
  }

  async cancel(peer: NodeEntry, jid: string): Promise<boolean> {
    return (await this.call<CancelReply>(MonkeyCommand.cancel, { jid }, peer)).cancelled
  }
}
