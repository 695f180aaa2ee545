/**
 * TNS semantics, as tau's tns keeps them: data is flattened into leaves (maps recurse, a key containing "/" becomes
 * several segments; anything else is a leaf); a fetch returns null for no leaf, the bare value for exactly one
 * leaf and a nested map otherwise; pushes only ever upsert.
 */
export type Leaves = Array<[string, unknown]>

export function isMap(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}

export function segments(path: readonly string[]): string[] {
  return path.flatMap(p => String(p).split('/')).filter(s => s !== '')
}

/** The leaves of `data` pushed at `path`, as slash-joined keys. */
export function flatten(path: readonly string[], data: unknown): Leaves {
  const out: Leaves = []
  const walk = (at: string[], v: unknown): void => {
    if (isMap(v) && Object.keys(v).length > 0) {
      for (const [k, child] of Object.entries(v)) walk([...at, ...segments([k])], child)
    } else {
      out.push([at.join('/'), isMap(v) ? null : v])
    }
  }
  walk(segments(path), data)
  return out
}

/** Reassembles what is stored at or under `path` (null leaves skipped). */
export function assemble(path: readonly string[], leaves: Leaves): unknown {
  const base = segments(path)
  const found = leaves.filter(([, v]) => v !== null && v !== undefined)
  if (found.length === 0) return null
  if (found.length === 1) return found[0]?.[1] ?? null
  const root: Record<string, unknown> = {}
  for (const [key, value] of found) {
    const rel = key.split('/').slice(base.length)
    let at = root
    rel.forEach((seg, i) => {
      if (i === rel.length - 1) {
        at[seg] = value
        return
      }
      const next = at[seg]
      if (isMap(next)) {
        at = next
      } else {
        const fresh: Record<string, unknown> = {}
        at[seg] = fresh
        at = fresh
      }
    })
  }
  return root
}

/** True when `key` is `prefix` itself or lies under it. */
export function under(key: string, prefix: string): boolean {
  return prefix === '' || key === prefix || key.startsWith(`${prefix}/`)
}
