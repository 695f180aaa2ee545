/**
 * Reads the secret out of an Authorization header. Accepted: HTTP Basic (the username is ignored, the
 * password is the secret: that is how git and isomorphic-git send it), and `token`, `Bearer` or `github`
 * schemes (the last is what tau's auth service sends).
 */
import { createHash } from 'node:crypto'

export interface Credentials { username?: string, secret: string }

export function parseAuthorization (header: string | undefined): Credentials | undefined {
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
  if (scheme === 'token' || scheme === 'bearer' || scheme === 'github') return { secret: value }
  return undefined
}

export function sha256Hex (s: string): string { return createHash('sha256').update(s).digest('hex') }
