/**
 * Functions and smartops: the resources that run wasm. Field mapping follows tau's config compiler
 * (test/compiler/kinds.test.ts shows each case): `trigger.*` flattens into the object, durations become ns,
 * sizes bytes, and `source: libraries/<name>` becomes `libraries/<libId>`.
 */
import type { Doc } from '../doc.js'
import { show } from '../issues.js'
import { HTTP_METHODS, httpMethod } from '../../shared/names.js'
import { libraryFromSource, LIBRARY_SOURCE } from '../scope.js'
import { attachSmartops, duration, head, oneOf, size, type Compiled, type KindContext } from './common.js'

const TRIGGER_TYPES = ['http', 'https', 'pubsub', 'pub-sub', 'p2p'] as const

/** `source` → compiled source plus the library name it points at (for smartop inheritance). */
function source(doc: Doc, ctx: KindContext): { source: string; library?: string } {
  const src = doc.str('source', true) ?? ''
  const library = libraryFromSource(src)
  if (library === undefined) {
    if (src !== '' && src !== '.')
      doc.fail('source', `invalid source ${show(src)}; expected "." or "${LIBRARY_SOURCE}<name>"`)
    return { source: src }
  }
  const [id] = ctx.scope.ids(doc, 'source', 'libraries', [library], ctx.app)
  return { source: id !== undefined ? LIBRARY_SOURCE + id : src, library }
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
  if (type === 'pub-sub') type = 'pubsub'
  out.type = type
  Object.assign(out, execution(doc))
  const src = source(doc, ctx)
  out.source = src.source
  attachSmartops(out, doc, ctx, src.library)

  const isHttp = type === 'http' || type === 'https'
  // Domains live under trigger in current configs; older ones have them at the top level.
  const domainsField = doc.pick('trigger.domains', 'domains')
  const domainNames = doc.strList(domainsField, isHttp)
  const domains = ctx.scope.ids(doc, domainsField, 'domains', domainNames, ctx.app)
  if (domains.length > 0) out.domains = domains

  if (isHttp) {
    out.method = method(doc)
    out.paths = doc.strList('trigger.paths', true)
    out.secure = type === 'https'
  } else if (type !== '') {
    if (type === 'p2p') {
      out.command = doc.str('trigger.command', true) ?? ''
      out.service = doc.str(doc.pick('trigger.protocol', 'trigger.service'), true) ?? ''
    } else {
      out.channel = doc.str('trigger.channel', true) ?? ''
    }
    out.local = doc.bool('trigger.local')
  }
  return out
}

/** Upper-cased HTTP method, validated against the methods tau's router knows. */
function method(doc: Doc): string {
  const m = doc.str('trigger.method', true)
  if (m === undefined) return ''
  const up = httpMethod(m)
  if (up === undefined)
    doc.fail('trigger.method', `invalid method ${show(m)}; expected one of ${HTTP_METHODS.join(', ')}`)
  return up ?? m.toUpperCase()
}

/** Smartops carry no `smartops` of their own (tau does not attach them to smartops). */
export function compileSmartop(doc: Doc, name: string, ctx: KindContext): Compiled {
  const out = head(doc, name)
  Object.assign(out, execution(doc))
  out.source = source(doc, ctx).source
  return out
}
