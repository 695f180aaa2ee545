import { apiName, cliName, FIXTURES, findFixture, NOT_RUN_HERE, type Fixture } from '../../fixtures/index.js'
import { InvalidInputError, NotFoundError } from '../shared/errors.js'

/**
 * The fixture a `POST /fixture/:universe/:fixture` names, by this dream's name (`push-all`) or Taubyte's
 * (`pushAll`). One of Taubyte's that does not run here is a 400 saying why; an unknown one a 404 listing both.
 */
export function fixtureFor(name: string): Fixture {
  const fixture = findFixture(name)
  if (fixture !== undefined) return fixture
  const why = NOT_RUN_HERE[apiName(name)]
  if (why !== undefined)
    // 400, not 501: Taubyte's client reads the reason of a 400 only.
    throw new InvalidInputError('FIXTURE_NOT_RUN_HERE', `fixture ${apiName(name)} does not run in this dream: ${why}`)
  const known = Object.keys(FIXTURES).map(n => `${n} (${apiName(n)})`)
  throw new NotFoundError('UNKNOWN_FIXTURE', `unknown fixture "${name}"; known: ${known.join(', ')}`)
}

/**
 * A fixture's params by name, from this dream's `{"params": {"branch": "main"}}` (names or aliases) or from the
 * positional array Taubyte's client sends (`{"params": ["", "main"]}`, in the order of `fixture.positional`, ""
 * for a flag not given). Unknown names, extra values and missing required params are errors naming them.
 */
export function fixtureParams(fixture: Fixture, raw: unknown): Record<string, string> {
  const out: Record<string, string> = {}
  if (Array.isArray(raw)) {
    const order = fixture.positional ?? fixture.params.map(p => p.name)
    if (raw.length > order.length)
      throw new InvalidInputError(
        'FIXTURE_PARAMS',
        `fixture ${apiName(fixture.name)} takes at most ${order.length} positional params ` +
          `(${order.join(', ') || 'none'}), got ${raw.length}`
      )
    raw.forEach((v, i) => {
      const name = order[i] ?? ''
      const text = paramText(v, `params[${i}] (${name})`)
      if (text !== '') out[name] = text
    })
  } else if (typeof raw === 'object' && raw !== null) {
    for (const [key, v] of Object.entries(raw as Record<string, unknown>)) {
      const p = fixture.params.find(q => q.name === key || q.alias === key)
      if (p === undefined)
        throw new InvalidInputError(
          'FIXTURE_PARAMS',
          `fixture ${cliName(fixture.name)} has no param "${key}"; its params: ` +
            (fixture.params.map(q => q.name).join(', ') || 'none')
        )
      out[p.name] = paramText(v, `params.${key}`)
    }
  } else if (raw !== undefined && raw !== null)
    throw new InvalidInputError('FIXTURE_PARAMS', 'params must be an object of named values or an array')
  for (const p of fixture.params) {
    if (p.required === true && (out[p.name] ?? '') === '')
      throw new InvalidInputError('FIXTURE_PARAM_MISSING', `fixture ${fixture.name} needs --${p.name}`)
  }
  return out
}

/** A param's value as text: a string, number or boolean of at most 1000 characters ("" for null). */
function paramText(v: unknown, what: string): string {
  if (v === null || v === undefined) return ''
  if (typeof v !== 'string' && typeof v !== 'number' && typeof v !== 'boolean')
    throw new InvalidInputError('FIXTURE_PARAMS', `${what} must be a string, number or boolean`)
  const text = String(v)
  if (text.length > 1000) throw new InvalidInputError('FIXTURE_PARAMS', `${what} is longer than 1000 characters`)
  return text
}
