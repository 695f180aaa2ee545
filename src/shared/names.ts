import { InvalidInputError, type CodeWithStatus } from './errors.js'

/**
 * The one set of input limits shared by the control API, the CLI, the console and the config compiler, so that
 * what one accepts the others accept too.
 */

/** Longest name of a project, function, domain, universe or simple node (names become file and host names). */
export const MAX_NAME_LENGTH = 64

/** Most nodes one `inject <service> --copies N` (or `--bind service@N/copies`) may start. */
export const MAX_COPIES = 16

/** The methods tau's HTTP router knows. */
export const HTTP_METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'CONNECT', 'OPTIONS', 'TRACE', 'PATCH'] as const

/** The upper-cased method, or undefined when `m` is not an HTTP method (case-insensitive). */
export function httpMethod(m: string): string | undefined {
  const up = m.toUpperCase()
  return (HTTP_METHODS as readonly string[]).includes(up) ? up : undefined
}

/** Throws a 400 naming the option and the valid methods unless `m` is an HTTP method; returns it upper-cased. */
export function checkHttpMethod(m: string, what = '--method'): string {
  const up = httpMethod(m)
  if (up === undefined) {
    const hint = `use one of ${HTTP_METHODS.join(', ')}`
    throw new InvalidInputError('INVALID_METHOD', `${what} "${m}" is not an HTTP method; ${hint}`)
  }
  return up
}

/**
 * Checks a name's length, then its characters: `rule` says in words what `pattern` allows. The length comes
 * first so that a very long name is refused as too long, not as an error from the file system.
 */
export function checkName(
  what: string,
  name: string,
  pattern: RegExp,
  rule: string,
  code: CodeWithStatus<400> = 'INVALID_NAME'
): string {
  if (name.length === 0) throw new InvalidInputError(code, `${what} name is empty; ${rule}`)
  if (name.length > MAX_NAME_LENGTH) {
    throw new InvalidInputError(code, `${what} name is ${name.length} characters long; the limit is ${MAX_NAME_LENGTH}`)
  }
  if (!pattern.test(name)) throw new InvalidInputError(code, `${what} name "${name}" is not valid: ${rule}`)
  return name
}

/** Throws a 400 unless `n` is a whole number of copies in 1..MAX_COPIES. */
export function checkCopies(n: unknown, what = 'copies', code: CodeWithStatus<400> = 'INVALID_COPIES'): number {
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 1 || n > MAX_COPIES) {
    const given = String(JSON.stringify(n))
    throw new InvalidInputError(code, `${what} must be a whole number from 1 to ${MAX_COPIES}, not ${given}`)
  }
  return n
}
