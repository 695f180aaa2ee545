import { InvalidInputError } from '../shared/errors.js'

/** Flags that turn into something else: `--fixtures a,b`, `-u` beside a trailing universe, inject's fixture params. */

/** `--fixtures a,b`: names keep their case (Taubyte's are camelCase). */
export function fixtureList(v: string | undefined): string[] {
  return (v ?? '')
    .split(',')
    .map(x => x.trim())
    .filter(x => x !== '')
}

/**
 * Taubyte's `-u/--universe` (its `--to`): the universe as a flag instead of the trailing argument, which comes
 * after a name for `simple` and `services` (`kill universe <name>` names it already).
 */
export function withUniverse(what: string, args: string[], universe: string | undefined): string[] {
  if (universe === undefined || what === 'universe') return args
  const named = what === 'simple' || what === 'services'
  const given = named ? args[1] : args[0]
  if (given !== undefined && given !== universe)
    throw new InvalidInputError('UNIVERSE_NAME', `two universes given: "${given}" and -u ${universe}; give one`)
  return named ? [args[0] ?? (what === 'simple' ? 'client' : ''), universe] : [universe]
}

/** The flags of `dream inject` that are a fixture's params. */
interface FixtureFlags {
  name?: string
  repo?: string
  rid?: string
  fn?: string
  project?: string
  pid?: string
  branch?: string
  path?: string
  config?: string
  code?: string
  fqdn?: string
  wait?: true
}

/** The fixture params of `dream inject <fixture>`'s flags, by the fixtures' param names. */
export function fixtureParamsOf(o: FixtureFlags): Record<string, string> {
  const params: Record<string, string> = {}
  for (const [key, value] of [
    ['name', o.name],
    ['repo', o.repo],
    ['repository-id', o.rid],
    ['repository-fullname', o.fn],
    ['project', o.project ?? o.pid],
    ['branch', o.branch],
    ['path', o.path],
    ['config', o.config],
    ['code', o.code],
    ['fqdn', o.fqdn]
  ] as const) {
    if (value !== undefined) params[key] = value
  }
  if (o.wait === true) params.wait = 'true'
  return params
}
