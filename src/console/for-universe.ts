import { DreamError } from '../shared/errors.js'
import type { Universe } from '../universe/universe.js'
import type { ConsoleSession } from './session.js'

/** The console session of a running universe: its git identity, git host, auth endpoint and network fqdn. */
export async function sessionFor(u: Universe): Promise<ConsoleSession> {
  const { login, token } = await u.gitUser()
  const auth = u.directory.byRole('auth')[0]
  if (auth === undefined)
    throw new DreamError(
      'AUTH_NOT_RUNNING',
      `no auth node runs in ${u.name}; start one with \`dream inject auth ${u.name}\``
    )
  return { universe: u.name, fqdn: u.fqdn, git: u.git.url, login, token, auth: `http://127.0.0.1:${auth.ports.http}` }
}
