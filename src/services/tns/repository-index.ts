import { ConflictError } from '../../shared/errors.js'
import type { TnsClient } from './client.js'

/** Repository types as tau numbers them, as the config compiler indexes them. */
export const REPOSITORY_TYPE = { config: 1, code: 2, library: 3, website: 4 } as const

/** A library or website repository as a project's compiled config lists it in TNS. */
export interface IndexedRepository {
  project: string
  type: number
  /** The ids of the resources built from it (a library id, a website id). */
  resources: string[]
}

/**
 * Which project lists repository `repoId`, from the index the config compiler pushes
 * (`repositories/github/<repo id>/<project id>/{type,resources/<id>}`). auth claims only a project's config and
 * code repositories; a library's or a website's repository belongs to the project whose config names it, so
 * monkey and patrick learn its project here, as tau's monkey does. Undefined until that config is compiled.
 * A repository listed by two projects' configs belongs to neither (REPOSITORY_LISTED_TWICE): otherwise any
 * project could claim another's website or library repository by naming its id.
 */
export async function indexedRepository(tns: TnsClient, repoId: string): Promise<IndexedRepository | undefined> {
  const keys = (await tns.lookup(['repositories', 'github', repoId])).map(k => k.replace(/^\//, '').split('/'))
  // repositories/github/<repo id>/<project id>/type
  const projects = [...new Set(keys.filter(s => s.length === 5 && s[4] === 'type').map(s => s[3] ?? ''))].sort()
  const project = projects[0]
  if (project === undefined) return undefined
  if (projects.length > 1)
    throw new ConflictError(
      'REPOSITORY_LISTED_TWICE',
      `repository ${repoId} is listed by the configs of projects ${projects.join(' and ')}; a repository builds ` +
        "for one project only: remove it from the other project's config"
    )
  const type = await tns.fetch<number>(['repositories', 'github', repoId, project, 'type'])
  // repositories/github/<repo id>/<project id>/resources/<resource id> (read from the keys: a fetch of one leaf
  // answers its bare value, not a map)
  const resources = keys.filter(s => s.length === 6 && s[3] === project && s[4] === 'resources').map(s => s[5] ?? '')
  return { project, type: Number(type), resources }
}
