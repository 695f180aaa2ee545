/**
 * The host calls of one invocation (see src/vm/host-calls.ts), answered for the function it runs: database
 * operations by its databases, storage ones by its storages, outbound HTTP by the guarded client, `self` from its
 * own record.
 */
import type { DatabaseCall, HostCall, HostCalls, HostReply } from '../../vm/host-calls.js'
import type { StorageCall } from '../../vm/storage-calls.js'
import type { FunctionDatabases } from './databases.js'
import type { OutboundHttp } from './outbound-http.js'
import type { FunctionStorages } from './storages.js'

export interface FunctionRecord {
  id: string
  name: string
  project: string
  application: string
  commit: string
  branch: string
}

export function functionHost(
  fn: FunctionRecord,
  databases: FunctionDatabases,
  outbound: OutboundHttp,
  storages: FunctionStorages
): HostCalls {
  const db = databases.hostFor(fn)
  const st = storages.hostFor(fn)
  return async (c: HostCall): Promise<HostReply> => {
    if (c.op === 'httpDo') return await outbound.send(c.request)
    if (c.op === 'self') {
      const { id, project, application, commit, branch } = fn
      return { ok: true, self: { id, project, application, commit, branch } }
    }
    if (c.op.startsWith('st')) return await st(c as StorageCall)
    return await db(c as DatabaseCall)
  }
}
