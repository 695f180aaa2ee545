import type { NodeEntry } from '../../p2p/directory.js'
import type { CallOptions } from '../../p2p/protocol.js'
import { ServiceClient } from '../client.js'
import {
  MonkeyCommand,
  type CancelReply,
  type LiveLogReply,
  type LocalBuildBody,
  type LocalBuildReply,
  type RunningReply
} from './protocol.js'

/** Builds can take minutes (a cold Go build); the default call deadline is for quick commands. */
const LOCAL_BUILD_TIMEOUT_MS = 600_000

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

  /** The log lines of a job the monkey runs now, from index `from` on. */
  async liveLog(peer: NodeEntry, jid: string, from: number): Promise<LiveLogReply> {
    return await this.call<LiveLogReply>(MonkeyCommand.job, { action: 'log', jid, from }, peer)
  }

  async cancel(peer: NodeEntry, jid: string): Promise<boolean> {
    return (await this.call<CancelReply>(MonkeyCommand.cancel, { jid }, peer)).cancelled
  }

  /** Builds a project from folders on this machine (any one monkey), publishing to TNS and hoarder. */
  async buildLocal(body: LocalBuildBody): Promise<LocalBuildReply> {
    return await this.call<LocalBuildReply>(MonkeyCommand.local, body, undefined, { timeoutMs: LOCAL_BUILD_TIMEOUT_MS })
  }
}
