import { UnauthorizedError } from './errors.js'

/**
 * Reads the secret out of an Authorization header, the one parser of the git host and the services. Accepted:
 * HTTP Basic (the username is kept but not checked, the password is the secret: that is how git and
 * isomorphic-git send it), and the `token`, `Bearer`, `github` and `oauth` schemes (`token` and `Bearer` are
 * what GitHub's own clients send, `github` and `oauth` what tau's clients send).
 */
export interface Credentials {
  username?: string
  secret: string
}

const TOKEN_SCHEMES = new Set(['token', 'bearer', 'github', 'oauth'])

export function parseAuthorization(header: string | undefined): Credentials | undefined {
  if (header === undefined) return undefined
  const m = /^\s*(\S+)\s+(.+?)\s*$/.exec(header)
  if (m === null) return undefined
  const scheme = (m[1] ?? '').toLowerCase()
  const value = m[2] ?? ''
  if (scheme === 'basic') {
    const decoded = Buffer.from(value, 'base64').toString('utf8')
    const i = decoded.indexOf(':')
    // Basic with no colon: treat the whole thing as the secret (some clients send a bare token).
    const cred = i < 0 ? { secret: decoded } : { username: decoded.slice(0, i), secret: decoded.slice(i + 1) }
    return cred.secret === '' ? undefined : cred
  }
  if (TOKEN_SCHEMES.has(scheme)) return { secret: value }
  return undefined
}

/** The token of an Authorization header, or a 401 that says what to send. */
export function requireToken(header: string | undefined): string {
  const c = parseAuthorization(header)
  if (c === undefined)
    throw new UnauthorizedError(
      'AUTH_MISSING',
      "send Authorization: github <token> (the git host token of the universe's user)"
    )
  return c.secret
}
