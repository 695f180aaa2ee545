/**
 * Functions and smartops: the resources that run wasm. Field mapping follows tau's config compiler
 * (test/compiler/kinds.test.ts shows each case): `trigger.*` flattens into the object, durations become ns,
 * sizes bytes, `source: libraries/<name>` becomes `libraries/<libId>`, and values are kept as written
 * (`method: get` stays `get`; consumers compare methods ignoring case).
 */
import type { Doc } from '../doc.js'
import { show } from '../issues.js'
import { HTTP_METHODS, httpMethod } from '../../shared/names.js'
import { libraryFromSource, LIBRARY_SOURCE } from '../scope.js'
import { routePaths } from './route-paths.js'
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

const TRIGGER_TYPES = ['http', 'https', 'pubsub', 'pub-sub', 'p2p'] as const

/**
 * A function as compileFunction publishes it to TNS (`.../functions/<id>`; its id is the key, not a field). The
 * trigger's fields are present for the trigger types that have them (`method` and `paths` for http and https,
 * `channel` for pubsub, `service` and `command` for p2p); readers check what they use.
 */
export interface PublishedFunction {
  name: string
  description?: string
  tags?: string[]
  type: 'http' | 'https' | 'pubsub' | 'p2p' | ''
  secure?: boolean
  local?: boolean
  method?: string
  methods?: string[]
  domains?: string[]
  paths?: string[]
  channel?: string
  service?: string
  command?: string
  /** `.` (its own folder) or `libraries/<library id>`. */
  source: string
  /** Nanoseconds. */
  timeout: number
  /** Bytes. */
  memory: number
  call: string
}

/** `source` → compiled source (`.` or `libraries/<libId>`). */
function source(doc: Doc, ctx: KindContext): string {
  const src = doc.str('source', true) ?? ''
  const library = libraryFromSource(src)
  if (library === undefined) {
    if (src !== '' && src !== '.')
      doc.fail('source', `invalid source ${show(src)}; expected "." or "${LIBRARY_SOURCE}<name>"`)
    return src
  }
  const [id] = ctx.scope.ids(doc, 'source', 'libraries', [library], ctx.app)
  return id !== undefined ? LIBRARY_SOURCE + id : src
}

/** The `execution` block shared by functions and smartops. */
function execution(doc: Doc): Compiled {
  return {
    timeout: duration(doc, 'execution.timeout'),
    memory: size(doc, 'execution.memory'),
    call: doc.str('execution.call', true) ?? ''
  }
}

export function compileFunction(doc: Doc, name: string, ctx: KindContext): Compiled {
  const out = head(doc, name)
  let type = oneOf(doc, 'trigger.type', TRIGGER_TYPES) ?? ''
  // The older compiler's spelling; tau's current one knows only `pubsub`.
  if (type === 'pub-sub') type = 'pubsub'
  out.type = type
  const isHttp = type === 'http' || type === 'https'
  if (isHttp) out.secure = type === 'https'
  optBool(out, 'local', doc, 'trigger.local')
  if (type === 'pubsub') out.channel = doc.str('trigger.channel', true) ?? ''
  else optString(out, 'channel', doc, 'trigger.channel')
  // `service` is kept only for p2p functions (`trigger.protocol`, or `trigger.service` in older configs).
  if (type === 'p2p') out.service = doc.str(doc.pick('trigger.protocol', 'trigger.service'), true) ?? ''
  if (type === 'p2p') out.command = doc.str('trigger.command', true) ?? ''
  else optString(out, 'command', doc, 'trigger.command')
  if (isHttp || doc.has('trigger.method')) out.method = method(doc)
  if (doc.has('trigger.methods')) out.methods = doc.strList('trigger.methods')
  // Domains live under trigger in current configs; older ones have them at the top level.
  const domainsField = doc.pick('trigger.domains', 'domains')
  if (isHttp || doc.has(domainsField)) {
    const names = doc.strList(domainsField, isHttp)
    out.domains = ctx.scope.ids(doc, domainsField, 'domains', names, ctx.app)
  }
  if (isHttp || doc.has('trigger.paths')) out.paths = routePaths(doc, 'trigger.paths', isHttp)
  out.source = source(doc, ctx)
  Object.assign(out, execution(doc))
  attachSmartops(out, doc, ctx)
  return out
}

/** The HTTP method as written, checked (ignoring case) against the methods tau's router knows. */
function method(doc: Doc): string {
  const m = doc.str('trigger.method', true)
  if (m === undefined) return ''
  if (httpMethod(m) === undefined)
    doc.fail('trigger.method', `invalid method ${show(m)}; expected one of ${HTTP_METHODS.join(', ')}`)
  return m
}

/** Smartops carry no `smartops` of their own (tau does not attach them to smartops). */
export function compileSmartop(doc: Doc, name: string, ctx: KindContext): Compiled {
  const out = head(doc, name)
  out.source = source(doc, ctx)
  Object.assign(out, execution(doc))
  return out
}
