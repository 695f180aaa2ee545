/**
 * Name → id resolution. YAML references other resources by name (`domains: [GeneratedDomain]`,
 * `source: libraries/mylib`, tag `smartops:guard`); the compiled object stores ids. Like tau, a lookup
 * from inside an application tries that application first and then the global scope.
 */
import type { Doc } from './doc.js'
import type { Group, Layout } from './layout.js'
import { show } from './issues.js'

interface Entry {
  id?: string
  tags: string[]
  /** The file did not parse or has no id: it was already reported, so references to it stay quiet. */
  broken: boolean
}

export type Lookup = { id: string } | { id?: undefined; broken: boolean }

const SMARTOP_TAG = 'smartops:'
export const LIBRARY_SOURCE = 'libraries/'

export class Scope {
  /** scope key ('' = global, else app name) → group → resource name → entry */
  readonly #table = new Map<string, Map<Group, Map<string, Entry>>>()
  readonly #appTags = new Map<string, string[]>()

  constructor(layout: Layout) {
    for (const r of layout.resources) {
      const id = rawString(r.doc?.get('id'))
      const tags = rawTags(r.doc)
      this.#slot(r.app ?? '', r.group).set(r.name, { id, tags, broken: id === undefined })
    }
    for (const app of layout.apps.values()) this.#appTags.set(app.name, rawTags(app.doc))
  }

  resolve(group: Group, name: string, app: string | undefined): Lookup {
    const scopes = app !== undefined ? [app, ''] : ['']
    let broken = false
    for (const s of scopes) {
      const e = this.#table.get(s)?.get(group)?.get(name)
      if (e?.id !== undefined) return { id: e.id }
      if (e !== undefined) broken = true
    }
    return { broken }
  }

  /** Ids for a list of names; unknown names are reported on `field` of `doc`. */
  ids(doc: Doc, field: string, group: Group, names: string[], app: string | undefined): string[] {
    const out: string[] = []
    for (const n of names) {
      const r = this.resolve(group, n, app)
      if (r.id !== undefined) out.push(r.id)
      else if (!r.broken)
        doc.fail(
          field,
          `unknown ${singular(group)} ${show(n)}` +
            (app !== undefined ? ` (looked in application "${app}" and globally)` : '')
        )
    }
    return out
  }

  /**
   * Smartop ids attached by `smartops:<name>` tags: the resource's own tags, then those of the
   * library it is built from, then the application's tags (resolved globally), without duplicates.
   */
  smartops(doc: Doc, tags: string[], app: string | undefined, library?: string): string[] {
    const out: string[] = []
    const push = (id: string): void => {
      if (!out.includes(id)) out.push(id)
    }
    for (const name of smartopNames(tags)) for (const id of this.ids(doc, 'tags', 'smartops', [name], app)) push(id)
    if (library !== undefined) {
      const lib = this.#entry('libraries', library, app)
      for (const name of smartopNames(lib?.tags ?? [])) {
        const r = this.resolve('smartops', name, app)
        if (r.id !== undefined) push(r.id)
      }
    }
    if (app !== undefined) {
      for (const name of smartopNames(this.#appTags.get(app) ?? [])) {
        const r = this.resolve('smartops', name, undefined)
        if (r.id !== undefined) push(r.id)
      }
    }
    return out
  }

  #entry(group: Group, name: string, app: string | undefined): Entry | undefined {
    return (
      (app !== undefined ? this.#table.get(app)?.get(group)?.get(name) : undefined) ??
      this.#table.get('')?.get(group)?.get(name)
    )
  }

  #slot(scope: string, group: Group): Map<string, Entry> {
    let groups = this.#table.get(scope)
    if (groups === undefined) {
      groups = new Map()
      this.#table.set(scope, groups)
    }
    let names = groups.get(group)
    if (names === undefined) {
      names = new Map()
      groups.set(group, names)
    }
    return names
  }
}

function smartopNames(tags: string[]): string[] {
  return tags.filter(t => t.startsWith(SMARTOP_TAG)).map(t => t.slice(SMARTOP_TAG.length))
}

/** `libraries/<name>` → name; anything else (`.`) → undefined. */
export function libraryFromSource(source: string): string | undefined {
  return source.startsWith(LIBRARY_SOURCE) ? source.slice(LIBRARY_SOURCE.length) : undefined
}

function singular(g: Group): string {
  return g === 'libraries' ? 'library' : g === 'messaging' || g === 'smartops' ? g : g.replace(/s$/, '')
}

function rawString(v: unknown): string | undefined {
  return typeof v === 'string' && v !== '' ? v : typeof v === 'number' ? String(v) : undefined
}

function rawTags(doc: Doc | undefined): string[] {
  const v = doc?.get('tags')
  return Array.isArray(v) ? v.filter((t): t is string => typeof t === 'string') : []
}
