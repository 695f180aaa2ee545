/**
 * The host calls of one invocation (see src/vm/host-calls.ts), answered for the function it runs: database
 * operations by its databases, outbound HTTP by the guarded client, p2p commands by P2PCalls, `self` from its
 * own record.
 */
import type { HostCall, HostCalls, HostReply } from '../../vm/host-calls.js'
import type { FunctionDatabases } from './databases.js'
import type { OutboundHttp } from './outbound-http.js'
import type { P2PCalls } from './p2p/calls.js'

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
  p2p: P2PCalls
): HostCalls {
  const db = databases.hostFor(fn)
  return async (c: HostCall): Promise<HostReply> => {
    if (c.op === 'httpDo') return await outbound.send(c.request)
    if (c.op === 'p2pOpen' || c.op === 'p2pSend') return await p2p.answer(fn, c)
    if (c.op === 'self') {
      const { id, project, application, commit, branch } = fn
      return { ok: true, self: { id, project, application, commit, branch } }
    }
    return await db(c)
  }
}
