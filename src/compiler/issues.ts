/**
 * Problems found while compiling a config repo. The compiler collects every issue of a build and
 * throws them together at the end, so a user fixes all their YAML in one round trip instead of one
 * push per typo.
 */
import { BuildError } from '../shared/errors.js'

/** Stable codes; an aggregated error carries the shared code of its issues, else CONFIG_INVALID. */
export const ConfigErrorCodes = {
  /** YAML syntax error (message has file:line:col). */
  yaml: 'CONFIG_YAML',
  /** config.yaml is absent. */
  missing: 'CONFIG_MISSING',
  /** config.yaml `id` differs from the project id auth knows. */
  projectMismatch: 'CONFIG_PROJECT_MISMATCH',
  /** A generated-looking domain that does not carry the project's last 8 id chars. */
  domainOwnership: 'CONFIG_DOMAIN_UNOWNED',
  /** The repository's YAML, as read or with its aliases expanded, is larger than a config may be (limits.ts). */
  tooLarge: 'CONFIG_TOO_LARGE',
  /** Everything else: missing/bad fields, unknown references, duplicate ids, bad names. */
  invalid: 'CONFIG_INVALID'
} as const
export type ConfigErrorCode = (typeof ConfigErrorCodes)[keyof typeof ConfigErrorCodes]

export interface Issue {
  code: ConfigErrorCode
  /** Repo-relative posix path, e.g. `functions/ping_pong.yaml`. */
  file: string
  /** Dotted YAML field, e.g. `execution.timeout`, when the problem is about one field. */
  field?: string
  line?: number
  col?: number
  /** What is wrong, already naming the bad value. */
  problem: string
}

/** One readable line: `file[:line:col]: [field: ]problem`. */
function formatIssue(i: Issue): string {
  const where = i.line !== undefined ? `${i.file}:${i.line}:${i.col ?? 1}` : i.file
  return `${where}: ${i.field !== undefined ? `${i.field}: ` : ''}${i.problem}`
}

/** The error thrown by compileProject; `issues` keeps the structured list for UIs and tests. */
export class ConfigBuildError extends BuildError {
  readonly issues: Issue[]
  constructor(issues: Issue[]) {
    const codes = new Set(issues.map(i => i.code))
    const code = codes.size === 1 ? ([...codes][0] ?? ConfigErrorCodes.invalid) : ConfigErrorCodes.invalid
    super(code, issues.map(formatIssue).join('\n'))
    this.issues = issues
  }
}

/** Accumulates issues for one build; `throwIfAny` turns them into a single ConfigBuildError. */
export class IssueList {
  readonly items: Issue[] = []

  add(issue: Issue): void {
    this.items.push(issue)
  }

  get size(): number {
    return this.items.length
  }

  throwIfAny(): void {
    if (this.items.length === 0) return
    // Stable order (by file, then position) so messages do not depend on directory walk order.
    const sorted = [...this.items].sort((a, b) =>
      a.file === b.file ? (a.line ?? 0) - (b.line ?? 0) : a.file < b.file ? -1 : 1
    )
    throw new ConfigBuildError(sorted)
  }
}

/** Quote a user value for a message (strings JSON-quoted, the rest as YAML would show them). */
export function show(v: unknown): string {
  if (typeof v === 'string') return JSON.stringify(v)
  if (v === undefined) return '(missing)'
  try {
    return JSON.stringify(v)
  } catch {
    return String(v)
  }
}
