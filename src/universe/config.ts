import { InvalidInputError } from '../shared/errors.js'
import { DEFAULT_SERVICES, DEFAULT_SIMPLES, SERVICES, isServiceName, type ServiceName } from '../services/types.js'
import { parseBinds, type Binds } from './binds.js'
import type { UniverseSpec } from './multiverse.js'

/** The wire shape of a universe config (`POST /universe/:name` body `config`, and the CLI flags). */
export interface UniverseConfigInput {
  enable?: string[]
  disable?: string[]
  simples?: string[]
  bind?: string[]
  webhooks?: boolean
  keep?: boolean
  /** Start only what `enable` and `simples` list, nothing by default (`--empty`, and Taubyte's config shape). */
  empty?: boolean
  /** The branch the universe builds and serves (default main). */
  branch?: string
}

/** Services to start from --enable / --disable; unknown names are an error that lists the valid ones. */
export function resolveServices(enable: readonly string[] = [], disable: readonly string[] = []): ServiceName[] {
  if (enable.length > 0 && disable.length > 0)
    throw new InvalidInputError('ENABLE_DISABLE', 'give --enable or --disable, not both')
  for (const s of [...enable, ...disable]) {
    if (!isServiceName(s))
      throw new InvalidInputError('UNKNOWN_SERVICE', `unknown service "${s}"; valid services: ${SERVICES.join(', ')}`)
  }
  if (enable.length > 0) return SERVICES.filter(s => enable.includes(s))
  return DEFAULT_SERVICES.filter(s => !disable.includes(s))
}

export function toUniverseSpec(c: UniverseConfigInput = {}): UniverseSpec {
  if (c.empty === true && (c.disable ?? []).length > 0)
    throw new InvalidInputError(
      'ENABLE_DISABLE',
      '--disable means nothing with --empty; list what to start with --enable'
    )
  const services =
    c.empty === true
      ? (c.enable ?? []).length > 0
        ? resolveServices(c.enable)
        : []
      : resolveServices(c.enable, c.disable)
  const simples =
    c.empty === true
      ? [...(c.simples ?? [])]
      : c.simples !== undefined && c.simples.length > 0
        ? c.simples
        : [...DEFAULT_SIMPLES]
  if (c.branch !== undefined) checkBranch(c.branch)
  const binds: Binds = parseBinds(c.bind ?? [], services)
  return {
    services,
    simples,
    binds,
    ...(c.webhooks !== undefined ? { webhooks: c.webhooks } : {}),
    ...(c.keep !== undefined ? { keep: c.keep } : {}),
    ...(c.branch !== undefined ? { branch: c.branch } : {})
  }
}

/** Throws a 400 unless `b` is a plausible git branch name; returns it. */
export function checkBranch(b: string): string {
  if (!/^[A-Za-z0-9._/-]{1,200}$/.test(b) || b.startsWith('-') || b.includes('..'))
    throw new InvalidInputError('BRANCH_NAME', `"${b}" is not a branch name (letters, digits, . _ / -)`)
  return b
}

/** Splits comma lists given as repeated flags or one string. */
export function list(v: string | string[] | undefined): string[] {
  if (v === undefined) return []
  return (Array.isArray(v) ? v : [v])
    .flatMap(x => x.split(','))
    .map(x => x.trim().toLowerCase())
    .filter(x => x !== '')
}
