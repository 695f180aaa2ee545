/**
 * How much YAML a config repository may hold, before and after its aliases are expanded. tau reads a config
 * without bounds; a 20 MB scalar referenced 99 times took a daemon to 2.4 GB and stalled its serving for seconds,
 * so dream refuses such a repository (CONFIG_TOO_LARGE) before compiling it. A real config is kilobytes.
 */
export interface ConfigLimits {
  /** Bytes of YAML read from the repository, every file together. */
  inputBytes: number
  /** Bytes of the documents with every alias expanded (keys and scalars as text), every file together. */
  expandedBytes: number
}

export const CONFIG_LIMITS: ConfigLimits = { inputBytes: 4 * 1024 * 1024, expandedBytes: 16 * 1024 * 1024 }

/** What is left of the expanded bytes while the documents of one repository are read. */
export interface ExpansionBudget {
  left: number
  readonly max: number
}

/**
 * Counts `value`'s size as text (a string by its length, a number or boolean as a few bytes, an object by its
 * keys and values) against `budget`, stopping as soon as it is spent: an alias expands to the same string many
 * times over, which costs nothing in memory until something (JSON for TNS) writes each copy out. False when
 * the budget is spent.
 */
export function spend(value: unknown, budget: ExpansionBudget): boolean {
  if (typeof value === 'string') budget.left -= value.length
  else if (Array.isArray(value)) {
    for (const v of value) if (!spend(v, budget)) return false
  } else if (typeof value === 'object' && value !== null) {
    for (const [k, v] of Object.entries(value)) {
      budget.left -= k.length
      if (!spend(v, budget)) return false
    }
  } else budget.left -= 8
  return budget.left >= 0
}
