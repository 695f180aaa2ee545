/**
 * Which project a custom domain belongs to: the first one whose config was published with it. The routes of a
 * domain are one list per host in TNS (`http/<group>/<reversed fqdn>/links`, compiler/indexes.ts) that a config's
 * indexes replace, so a second project declaring the host would take its routes from the first. tau refuses a
 * domain its project cannot show it owns; here a config job registers each of its hosts under
 * `domain-owners/<reversed fqdn>/project` in the same TNS batch as its indexes, and fails (CONFIG_DOMAIN_UNOWNED)
 * naming the owner when another project holds one. A host some project's routes use from before owners were
 * registered belongs to that project.
 */
import type { CompiledProject } from '../../compiler/index.js'
import { BuildError } from '../../shared/errors.js'
import type { TnsClient } from '../tns/client.js'
import type { TnsWrite } from '../tns/protocol.js'

const OWNERS = 'domain-owners'
/** The route groups whose lists name the projects serving a host. */
const ROUTED = ['functions', 'websites']

/** The reversed fqdn segments of every host the compiled config declares (its `domains/<…>/links` indexes). */
function hostsOf(compiled: CompiledProject): string[][] {
  const hosts: string[][] = []
  for (const key of Object.keys(compiled.indexes)) {
    const m = /^domains\/(.+)\/links$/.exec(key)
    if (m?.[1] !== undefined) hosts.push(m[1].split('/'))
  }
  return hosts
}

/** The project a host belongs to, or undefined when none registered it and no project's routes use it. */
async function ownerOf(tns: TnsClient, host: string[]): Promise<string | undefined> {
  const owner = await tns.fetch<unknown>([OWNERS, ...host, 'project'])
  if (typeof owner === 'string') return owner
  for (const group of ROUTED) {
    const links = await tns.fetch<unknown>(['http', group, ...host, 'links'])
    for (const link of Array.isArray(links) ? links : []) {
      const m = typeof link === 'string' ? /\/projects\/([^/]+)\//.exec(link) : null
      if (m?.[1] !== undefined) return m[1]
    }
  }
  return undefined
}

/**
 * The TNS writes registering the hosts of `compiled` to its project, to publish with its indexes; throws
 * CONFIG_DOMAIN_UNOWNED naming the owner when another project holds one of them (nothing is published then).
 */
export async function claimDomains(tns: TnsClient, compiled: CompiledProject): Promise<TnsWrite[]> {
  const writes: TnsWrite[] = []
  for (const host of hostsOf(compiled)) {
    const owner = await ownerOf(tns, host)
    const fqdn = [...host].reverse().join('.')
    if (owner !== undefined && owner !== compiled.projectId)
      throw new BuildError(
        'CONFIG_DOMAIN_UNOWNED',
        `domain ${fqdn} belongs to project ${owner}, which registered it first; nothing was published ` +
          "(remove it from this project's domains)"
      )
    if (owner === undefined) writes.push({ path: [OWNERS, ...host, 'project'], data: compiled.projectId })
  }
  return writes
}
