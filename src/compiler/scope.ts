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
  /** The file did not parse or has no id: it was already reported, so references to it stay quiet. */
  broken: boolean
}

export type Lookup = { id: string } | { id?: undefined; broken: boolean }

const SMARTOP_TAG = 'smartops:'
export const LIBRARY_SOURCE = 'libraries/'

export class Scope {
  /** scope key ('' = global, else app name) → group → resource name → entry */
  readonly #table = new Map<string, Map<Group, Map<string, Entry>>>()

  constructor(layout: Layout) {
    for (const r of layout.resources) {
      const id = rawString(r.doc?.get('id'))
      this.#slot(r.app ?? '', r.group).set(r.name, { id, broken: id === undefined })
    }
  }

  /**
   * `name` looks in the application, then the project; `/name` in the project only; `../name` (inside an
   * application) in the project only, as tau's scope qualifiers do.
   */
  resolve(group: Group, name: string, app: string | undefined): Lookup {
    let scopes = app !== undefined ? [app, ''] : ['']
    let bare = name
    if (name.startsWith('/')) {
      scopes = ['']
      bare = name.slice(1)
    } else if (name.startsWith('../')) {
      if (app === undefined) return { broken: false }
      scopes = ['']
      bare = name.slice(3)
    }
    let broken = false
    for (const s of scopes) {
      const e = this.#table.get(s)?.get(group)?.get(bare)
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
   * Smartop ids attached by the resource's own `smartops:<name>` tags, in tag order, without duplicates. Tau's
   * compiler reads only the resource's tags: a library's or an application's tags attach nothing.
   */
  smartops(doc: Doc, tags: string[], app: string | undefined): string[] {
    const out: string[] = []
    for (const name of smartopNames(tags))
      for (const id of this.ids(doc, 'tags', 'smartops', [name], app)) if (!out.includes(id)) out.push(id)
    return out
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
