import { BuildError } from '../shared/errors.js'

/** What is read of TNS here (the tns client has it). */
interface TnsReader {
  lookup: (prefix: string[]) => Promise<string[]>
  fetch: <T = unknown>(path: string[]) => Promise<T | null>
}

/** Repository types as tau numbers them (core/common/repositorytype), the values of the TNS `type` keys. */
const TYPES: Record<number, ListedRepository['type']> = { 1: 'config', 2: 'code', 3: 'library', 4: 'website' }

/** How long a job waits for a config build to list its repository (the two are pushed together on creation). */
const LISTING_WAIT_MS = 60_000
const LISTING_POLL_MS = 250

export interface ListedRepository {
  projectId: string
  type: 'config' | 'code' | 'library' | 'website'
  /** The ids of the resources built from this repository (a website, or a library). */
  resources: string[]
}

/**
 * The project and kind of a repository auth registered without a project (a website's or a library's, as tau's
 * console registers them): the config build lists it at TNS `repositories/github/<repo>/<project>/type` and
 * `.../resources/<id>`, which is where tau's monkey reads them too. A repository pushed together with the config
 * that first names it is waited for, within a bound; one no config names is the user's error.
 */
export async function listedRepository(
  tns: TnsReader,
  repoId: string,
  fullname: string,
  signal: AbortSignal,
  log: { line: (msg: string) => void }
): Promise<ListedRepository> {
  const deadline = Date.now() + LISTING_WAIT_MS
  let waited = false
  for (;;) {
    const found = await findListing(tns, repoId)
    if (found !== undefined) return found
    if (Date.now() > deadline)
      throw new BuildError(
        'BUILD_REPO_UNLISTED',
        `repository ${fullname} (${repoId}) is in no project's config: add a website or library whose ` +
          `source.github.id is ${repoId} to the config repository, push it, then push this repository again`
      )
    if (!waited) log.line(`repository ${fullname} is not listed in TNS yet; waiting for a config build to list it`)
    waited = true
    signal.throwIfAborted()
    await new Promise(resolve => setTimeout(resolve, LISTING_POLL_MS))
  }
}

/** Where the config lists a repository, undefined when no config build has listed it (yet). */
export async function findListing(tns: TnsReader, repoId: string): Promise<ListedRepository | undefined> {
  const keys = await tns.lookup(['repositories', 'github', repoId])
  // /repositories/github/<repo>/<project>/type
  const typeKey = keys.find(k => k.endsWith('/type') && k.split('/').length === 6)
  if (typeKey === undefined) return undefined
  const projectId = typeKey.split('/')[4] ?? ''
  const type = TYPES[Number(await tns.fetch(['repositories', 'github', repoId, projectId, 'type']))]
  if (type === undefined) return undefined
  const prefix = `/repositories/github/${repoId}/${projectId}/resources/`
  const resources = keys.filter(k => k.startsWith(prefix)).map(k => k.slice(prefix.length))
  return { projectId, type, resources }
}
