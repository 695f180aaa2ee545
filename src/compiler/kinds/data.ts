/**
 * Messaging, databases, storages and services: declarative resources with no code of their own.
 */
import type { Doc } from '../doc.js'
import { show } from '../issues.js'
import { attachSmartops, duration, head, oneOf, size, type Compiled, type KindContext } from './common.js'

const NETWORKS = ['all', 'subnet', 'host'] as const
const STORAGE_TYPES = ['object', 'streaming'] as const

export function compileMessaging(doc: Doc, name: string, ctx: KindContext): Compiled {
  const out = head(doc, name)
  out.local = doc.bool('local')
  out.regex = doc.bool('channel.regex')
  out.match = doc.str('channel.match', true) ?? ''
  out.mqtt = doc.bool('bridges.mqtt.enable')
  out.webSocket = doc.bool('bridges.websocket.enable')
  attachSmartops(out, doc, ctx)
  return out
}

/** `regex` is the current spelling, `useRegex` the legacy one. */
function useRegex(doc: Doc): boolean {
  return doc.bool(doc.pick('regex', 'useRegex'))
}

export function compileDatabase(doc: Doc, name: string, ctx: KindContext): Compiled {
  const out = head(doc, name)
  out.useRegex = useRegex(doc)
  out.match = doc.str('match', out.useRegex !== true) ?? ''
  const network = oneOf(doc, 'access.network', NETWORKS, 'all')
  out.local = network === 'host'
  out.size = size(doc, 'storage.size')
  attachSmartops(out, doc, ctx)
  const key = doc.str('encryption.key')
  if (key !== undefined) {
    out.key = key
    out.keyType = doc.str('encryption.type') ?? ''
  }
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
  out.match = doc.str('match', true) ?? ''
  out.useRegex = useRegex(doc)
  const network = oneOf(doc, 'access.network', NETWORKS, '')
  // Only an explicit `all` makes a storage public; a missing access block keeps it private.
  out.public = network === 'all'
  out.size = type !== '' ? size(doc, `${type}.size`) : 0
  attachSmartops(out, doc, ctx)
  if (type === 'object') out.versioning = doc.bool('object.versioning')
  if (type === 'streaming') out.ttl = duration(doc, 'streaming.ttl')
  return out
}

export function compileService(doc: Doc, name: string, ctx: KindContext): Compiled {
  const out = head(doc, name)
  const protocol = doc.str('protocol', true) ?? ''
  if (protocol !== '' && !protocol.startsWith('/'))
    doc.fail('protocol', `invalid protocol ${show(protocol)}; expected a libp2p protocol such as "/simple/v1"`)
  out.protocol = protocol
  attachSmartops(out, doc, ctx)
  return out
}
