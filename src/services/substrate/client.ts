import type { NodeEntry } from '../../p2p/directory.js'
import { ServiceClient } from '../client.js'
import {
  SubstrateCommand,
  type FunctionLogLine,
  type LogsReply,
  type P2PCallBody,
  type P2PCallReply,
  type StatsReply
} from './protocol.js'

/** A typed client of `/substrate/v1`; each call goes to one given substrate. */
export class SubstrateClient extends ServiceClient {
  protected readonly service = 'substrate'

  /** What functions logged on that substrate, optionally of one function. */
  async logs(peer: NodeEntry, fn?: string): Promise<FunctionLogLine[]> {
    return (await this.call<LogsReply>(SubstrateCommand.logs, fn !== undefined ? { function: fn } : {}, peer)).logs
  }

  async stats(peer: NodeEntry): Promise<StatsReply> {
    return await this.call<StatsReply>(SubstrateCommand.stats, {}, peer)
  }

  /** Runs a p2p function on that substrate (see P2PCallBody). */
  async p2pCall(peer: NodeEntry, body: P2PCallBody, timeoutMs: number): Promise<P2PCallReply> {
    return await this.call<P2PCallReply>(SubstrateCommand.p2pCall, body, peer, { timeoutMs })
  }
}
