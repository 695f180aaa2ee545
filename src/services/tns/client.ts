import { callService, ServiceClient } from '../client.js'
import type { FetchReply, LookupReply } from './protocol.js'

/** A typed client of `/tns/v1`, used by every node that reads or writes the name service. */
export class TnsClient extends ServiceClient {
  async push (path: string[], data: unknown): Promise<void> {
    await callService(this.node, this.directory, 'tns', 'push', { path, data })
  }

  async fetch<T = unknown> (path: string[]): Promise<T | null> {
    return (await callService<FetchReply>(this.node, this.directory, 'tns', 'fetch', { path })).object as T | null
  }

  async lookup (prefix: string[]): Promise<string[]> {
    return (await callService<LookupReply>(this.node, this.directory, 'tns', 'lookup', { prefix })).keys
  }
}
