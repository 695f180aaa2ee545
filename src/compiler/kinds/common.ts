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

/**
 * `{name, description?, tags?}`. Like tau, a compiled object carries the optional fields the YAML has and
 * leaves out those it does not (only fields with a default in tau's schema are always there).
 */
export function head(doc: Doc, name: string): Compiled {
  const out: Compiled = { name }
  optString(out, 'description', doc, 'description')
  if (doc.has('tags')) out.tags = doc.strList('tags')
  return out
}

/** `out[key]` = the string at the first written path (`''` when written empty), when there is one. */
export function optString(out: Compiled, key: string, doc: Doc, ...paths: string[]): void {
  const path = paths.find(p => doc.present(p))
  if (path !== undefined) out[key] = doc.str(path) ?? ''
}

/** `out[key]` = the boolean at the first written path (false when written empty), when there is one. */
export function optBool(out: Compiled, key: string, doc: Doc, ...paths: string[]): void {
  const path = paths.find(p => doc.present(p))
  if (path !== undefined) out[key] = doc.bool(path)
}

/** Adds `smartops: [ids]` from the resource's own `smartops:<name>` tags when there are any. */
export function attachSmartops(out: Compiled, doc: Doc, ctx: KindContext): void {
  const ids = ctx.scope.smartops(doc, doc.strList('tags'), ctx.app)
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

/**
 * A string field restricted to `allowed`, compared exactly as tau does; `fallback` is its default when absent
 * (no fallback: the field is required).
 */
export function oneOf(doc: Doc, path: string, allowed: readonly string[], fallback?: string): string | undefined {
  const v = doc.str(path, fallback === undefined)
  if (v === undefined) return fallback
  if (allowed.includes(v)) return v
  doc.fail(path, `invalid value ${show(v)}; expected one of ${allowed.join(', ')}`)
  return fallback
}
