import type { NodeEntry } from '../../p2p/directory.js'
import { ServiceClient } from '../client.js'
import type { Job } from './job.js'
import {
  PatrickCommand,
  type AssignedReply,
  type CancelReply,
  type DequeueReply,
  type JobReply,
  type JobsReply,
  type ListReply,
  type ReportBody
} from './protocol.js'

/** A typed client of `/patrick/v1`: job listings for users, the dequeue/report cycle for monkeys. */
export class PatrickClient extends ServiceClient {
  protected readonly service = 'patrick'

  async ids(): Promise<string[]> {
    return (await this.call<ListReply>(PatrickCommand.list, {})).Ids
  }

  async job(jid: string): Promise<Job> {
    return (await this.call<JobReply>(PatrickCommand.info, { jid })).job
  }

  /** Every job, active and archived, optionally of one project. */
  async jobs(project?: string): Promise<Job[]> {
    return (await this.call<JobsReply>(PatrickCommand.jobs, project !== undefined ? { project } : {})).jobs
  }

  /** The next job for the calling monkey, from one given patrick. */
  async dequeue(peer: NodeEntry): Promise<Job | undefined> {
    const r = await this.call<DequeueReply>(PatrickCommand.dequeue, {}, peer)
    return r.available ? r.job : undefined
  }

  async isAssigned(jid: string): Promise<boolean> {
    return (await this.call<AssignedReply>(PatrickCommand.isAssigned, { jid })).assigned
  }

  /** Reports a finished run to the patrick that assigned it (`peer`), or to any when that one is gone. */
  async report(ok: boolean, body: ReportBody, peer?: NodeEntry): Promise<Job> {
    return (await this.call<JobReply>(ok ? PatrickCommand.done : PatrickCommand.failed, body, peer)).job
  }

  async cancel(jid: string): Promise<string> {
    return (await this.call<CancelReply>(PatrickCommand.cancel, { jid })).cancelled
  }

  async retry(jid: string): Promise<Job> {
    return (await this.call<JobReply>(PatrickCommand.retry, { jid })).job
  }
}
