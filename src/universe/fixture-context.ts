import { AuthClient } from '../services/auth/client.js'
import { MonkeyClient } from '../services/monkey/client.js'
import { PatrickClient } from '../services/patrick/client.js'
import { TnsClient } from '../services/tns/client.js'
import type { ServiceName } from '../services/types.js'
import { NotFoundError } from '../shared/errors.js'
import type { Universe } from './universe.js'

/**
 * What a fixture may do to a universe: read and set its branch, act as its git user, read push payloads from
 * its git host, reach its services' HTTP APIs, and call auth, patrick, monkey and tns through the `client` node.
 */
export interface FixtureContext {
  readonly universe: string
  /** The universe's network fqdn (`<universe>.localtau`). */
  readonly fqdn: string
  /** The branch pushes use and functions are served from. */
  branch: string
  readonly gitUrl: string
  gitUser: () => Promise<{ login: string; token: string }>
  /**
   * The GitHub push payload for the head of `branch` of the repository `owner/name`, with a `pushed_at` later
   * than every earlier one, so that each emulated push makes a new job.
   */
  pushPayload: (fullname: string, branch: string) => Promise<Record<string, unknown>>
  /** `http://127.0.0.1:<port>` of a live node of `service`, if one runs. */
  httpUrl: (service: ServiceName) => string | undefined
  /** Clients on the universe's `client` node (created on first use, which fails when there is no client). */
  readonly auth: AuthClient
  readonly patrick: PatrickClient
  readonly monkey: MonkeyClient
  readonly tns: TnsClient
}

export function fixtureContextOf(u: Universe): FixtureContext {
  return {
    universe: u.name,
    fqdn: u.fqdn,
    get branch() {
      return u.branch
    },
    set branch(b: string) {
      u.branch = b
    },
    get gitUrl() {
      return u.git.url
    },
    gitUser: async () => await u.gitUser(),
    pushPayload: async (fullname, branch) => {
      const [owner = '', name = ''] = fullname.split('/')
      const repo = await u.git.getRepo(owner, name)
      if (repo === undefined) throw new NotFoundError('REPO_NOT_FOUND', `repository ${fullname} is not on the git host`)
      const payload = await u.git.headPayload(repo, branch)
      ;(payload.repository as Record<string, unknown>).pushed_at = u.nextPushTime()
      return payload
    },
    httpUrl: service => {
      const port = u.directory.byRole(service)[0]?.ports.http
      return port === undefined ? undefined : `http://127.0.0.1:${port}`
    },
    get auth() {
      return new AuthClient(u.clientNode(), u.directory)
    },
    get patrick() {
      return new PatrickClient(u.clientNode(), u.directory)
    },
    get monkey() {
      return new MonkeyClient(u.clientNode(), u.directory)
    },
    get tns() {
      return new TnsClient(u.clientNode(), u.directory)
    }
  }
}
