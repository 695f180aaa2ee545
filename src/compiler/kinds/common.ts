/**
 * What every resource compiler shares: its context, the `{name, description, tags?}` head of each
 * compiled object, and the duration/size field readers.
 */
import type { Doc } from '../doc.js'
import type { Scope } from '../scope.js'
import { show } from '../issues.js'
import { parseDuration, parseSize } from '../units.js'

export type Compiled = Record<string, unknown>

export interface KindContext {
  scope: Scope
  /** Application name when compiling an application-scoped resource. */
  app?: string
  /** The project id from config.yaml (the generated-domain rule uses it). */
  projectId: string
  generatedDomainPattern: RegExp
}

/** Compiles one resource document (its `id` was already checked by the caller). */
export type KindCompiler = (doc: Doc, name: string, ctx: KindContext) => Compiled

/** `{name, description, tags?}`; tags only when non-empty, as tau omits them. */
export function head(doc: Doc, name: string): Compiled {
  const out: Compiled = { name, description: doc.str('description') ?? '' }
  const tags = doc.strList('tags')
  if (tags.length > 0) out.tags = tags
  return out
}

/** Adds `smartops: [ids]` from the resource's tags (and library/app tags) when there are any. */
export function attachSmartops(out: Compiled, doc: Doc, ctx: KindContext, library?: string): void {
  const ids = ctx.scope.smartops(doc, doc.strList('tags'), ctx.app, library)
  if (ids.length > 0) out.smartops = ids
}

/** Required Go duration → nanoseconds (0 after reporting a problem). */
export function duration(doc: Doc, path: string, required = true): number {
  const v = doc.get(path)
  if (v === undefined || v === null || v === '') {
    if (required) doc.fail(path, 'is required (a duration such as "10s")')
    return 0
  }
  const r = parseDuration(v)
  if (r.ok) return r.value
  doc.fail(path, `invalid duration ${show(v)}: ${r.reason}`)
  return 0
}

/** Required byte size → bytes (0 after reporting a problem). */
export function size(doc: Doc, path: string, required = true): number {
  const v = doc.get(path)
  if (v === undefined || v === null || v === '') {
    if (required) doc.fail(path, 'is required (a size such as "10MB")')
    return 0
  }
  const r = parseSize(v)
  if (r.ok) return r.value
  doc.fail(path, `invalid size ${show(v)}: ${r.reason}`)
  return 0
}

/** A string field restricted to `allowed` (compared case-insensitively, returned as written in `allowed`). */
export function oneOf(doc: Doc, path: string, allowed: readonly string[], fallback?: string): string | undefined {
  const v = doc.str(path, fallback === undefined)
  if (v === undefined) return fallback
  const hit = allowed.find(a => a.toLowerCase() === v.toLowerCase())
  if (hit === undefined) doc.fail(path, `invalid value ${show(v)}; expected one of ${allowed.join(', ')}`)
  return hit ?? fallback
}
