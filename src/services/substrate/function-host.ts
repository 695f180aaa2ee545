/**
 * The host calls of one invocation (see src/vm/host-calls.ts), answered for the function it runs: database
 * operations by its databases, storage ones by its storages, global values by its project's globals, outbound HTTP
 * by the guarded client, DNS lookups by FunctionDns, p2p commands by P2PCalls, channel questions by
 * FunctionChannels, `self` from its own record.
 */
import type {
  DatabaseCall,
  DnsCall,
  GlobalCall,
  HostCall,
  HostCalls,
  HostReply,
  P2PCall,
  PubsubCall
} from '../../vm/host-calls.js'
import type { StorageCall } from '../../vm/storage-calls.js'
import type { FunctionDatabases } from './databases.js'
import type { FunctionGlobals } from './globals.js'
import type { FunctionDns } from './dns-lookups.js'
import type { FunctionChannels } from './pubsub/function-channels.js'
import type { OutboundHttp } from './outbound-http.js'
import type { FunctionStorages } from './storages.js'
import type { P2PCalls } from './p2p/calls.js'

export interface FunctionRecord {
  id: string
  name: string
  project: string
  application: string
  commit: string
  branch: string
}

/** What answers a substrate's host calls, shared by every invocation. */
export interface FunctionHostParts {
  databases: FunctionDatabases
  storages: FunctionStorages
  globals: FunctionGlobals
  channels: FunctionChannels
  dns: FunctionDns
  outbound: OutboundHttp
  p2p: P2PCalls
}

export function functionHost(fn: FunctionRecord, parts: FunctionHostParts): HostCalls {
  const db = parts.databases.hostFor(fn)
  const st = parts.storages.hostFor(fn)
  const gl = parts.globals.hostFor(fn)
  return async (c: HostCall): Promise<HostReply> => {
    if (c.op === 'httpDo') return await parts.outbound.send(c.request)
    if (c.op === 'dnsLookup') return await parts.dns.lookup(c as DnsCall)
    if (c.op.startsWith('pubsub')) return await parts.channels.answer(fn, c as PubsubCall)
    if (c.op.startsWith('p2p')) return await parts.p2p.answer(fn, c as P2PCall)
    if (c.op === 'self') {
      const { id, project, application, commit, branch } = fn
      return { ok: true, self: { id, project, application, commit, branch } }
    }
    if (c.op === 'globalGet' || c.op === 'globalPut') return await gl(c as GlobalCall)
    if (c.op.startsWith('st')) return await st(c as StorageCall)
    return await db(c as DatabaseCall)
  }
}
