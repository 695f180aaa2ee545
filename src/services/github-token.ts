import { UnauthorizedError } from '../shared/errors.js'

/**
 * The token of an `Authorization: github <token>` header (tau also takes `oauth`; `token` and `Bearer` are what
 * GitHub's own clients send), or a 401 that says what to send.
 */
export function githubToken (authorization: string | undefined): string {
  const m = /^\s*(github|oauth|token|bearer)\s+(\S+)\s*$/i.exec(authorization ?? '')
  if (m === null) throw new UnauthorizedError('AUTH_MISSING', 'send Authorization: github <token> (the git host token of the universe\'s user)')
  return m[2] ?? ''
}
