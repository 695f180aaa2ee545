/**
 * Messaging, databases, storages and services: declarative resources with no code of their own.
 */
import type { Doc } from '../doc.js'
import {
  attachSmartops,
  duration,
  head,
  oneOf,
  optBool,
  optString,
  size,
  type Compiled,
  type KindContext
} from './common.js'

const NETWORKS = ['all', 'subnet', 'host'] as const
const STORAGE_TYPES = ['object', 'streaming'] as const

export function compileMessaging(doc: Doc, name: string, ctx: KindContext): Compiled {
  const out = head(doc, name)
  optBool(out, 'local', doc, 'local')
  out.match = doc.str('channel.match', true) ?? ''
  optBool(out, 'regex', doc, 'channel.regex')
  optBool(out, 'mqtt', doc, 'bridges.mqtt.enable')
  optBool(out, 'webSocket', doc, 'bridges.websocket.enable')
  attachSmartops(out, doc, ctx)
  return out
}

/**
 * `access.network` (default `all`) becomes one boolean, `flag` (true for `whenTrue`); the network itself is
 * kept beside it only for the value the boolean cannot tell apart (`keepFor`), as tau's compiler does.
 */
function network(out: Compiled, doc: Doc, flag: string, whenTrue: string, keepFor: string): void {
  const value = oneOf(doc, 'access.network', NETWORKS, 'all') ?? 'all'
  out[flag] = value === whenTrue
  if (value === keepFor) out['network-access'] = value
}

export function compileDatabase(doc: Doc, name: string, ctx: KindContext): Compiled {
  const out = head(doc, name)
  optBool(out, 'useRegex', doc, 'regex', 'useRegex')
  if (out.useRegex !== true) out.match = doc.str('match', true) ?? ''
  else optString(out, 'match', doc, 'match')
  network(out, doc, 'local', 'host', 'subnet')
  out.size = size(doc, 'storage.size')
  optString(out, 'encryption-type', doc, 'encryption.type')
  optString(out, 'encryption-key', doc, 'encryption.key')
  attachSmartops(out, doc, ctx)
  return out
}

export function compileStorage(doc: Doc, name: string, ctx: KindContext): Compiled {
  const out = head(doc, name)
  const present = STORAGE_TYPES.filter(t => doc.has(t))
  if (present.length !== 1) {
    doc.fail(
      undefined,
      present.length === 0
        ? 'a storage needs exactly one of "object:" or "streaming:"'
        : `a storage needs exactly one of "object:" or "streaming:", got both`
    )
  }
  const type = present[0] ?? ''
  out.type = type
  optString(out, 'match', doc, 'match')
  optBool(out, 'useRegex', doc, 'regex', 'useRegex')
  // A storage without an access block is public, as tau's default network is `all`.
  network(out, doc, 'public', 'all', 'host')
  if (type === 'object') optBool(out, 'versioning', doc, 'object.versioning')
  if (type === 'streaming' && doc.has('streaming.ttl')) out.ttl = duration(doc, 'streaming.ttl')
  out.size = type !== '' ? size(doc, `${type}.size`) : 0
  attachSmartops(out, doc, ctx)
  return out
}

export function compileService(doc: Doc, name: string, ctx: KindContext): Compiled {
  const out = head(doc, name)
  out.protocol = doc.str('protocol', true) ?? ''
  attachSmartops(out, doc, ctx)
  return out
}
