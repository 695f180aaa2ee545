import { access, cp, mkdir } from 'node:fs/promises'
import { join } from 'node:path'
import { ConflictError, DreamError, type CodeWithStatus } from '../shared/errors.js'
import type { ProjectView } from './views.js'
import { request, type ConsoleSession } from './session.js'
import { editRepo } from './workspace.js'

/** A repository as the git host's REST API answers it. */
export interface GitRepo {
  id: number
  full_name: string
  clone_url: string
}

export interface ResourceRepoSpec {
  /** `library` or `website`: the repository is `tb_<kind>_<name>`. */
  kind: 'library' | 'website'
  name: string
  description: string
  template: string
  /** The folder copied as the repository's first commit. */
  templateDir: string
  /** The config repository's folder of this kind's YAML files (`libraries`, `websites`). */
  configFolder: string
  /** The code of the conflict when the repository or the config's resource already exists. */
  existsCode: CodeWithStatus<409>
  /** Writes the resource's YAML at `file` in the config checkout `dir` (its folder exists, the file does not). */
  writeConfig: (dir: string, file: string, repo: GitRepo) => Promise<void>
}

const exists = async (p: string): Promise<boolean> =>
  await access(p).then(
    () => true,
    () => false
  )

/**
 * A resource that lives in its own repository, made in tau's console's order: the repository `tb_<kind>_<name>` on
 * the git host with the template as its first commit, registered with auth (a webhook and a deploy credential, no
 * project: the config that lists it says whose it is), then `<configFolder>/<name>.yaml` pushed to the project's
 * config repository. The template goes in before the webhook exists, because a push before the config lists the
 * repository would be refused; the resource builds on its first push after its config is built. Any failure
 * removes the registration and the repository again: nothing is left half-made.
 */
export async function newResourceRepo(s: ConsoleSession, p: ProjectView, r: ResourceRepoSpec): Promise<GitRepo> {
  const repoName = `tb_${r.kind}_${r.name}`
  let repo: GitRepo
  try {
    repo = await request<GitRepo>(s, 'git', 'POST', '/user/repos', { name: repoName, description: r.description })
  } catch (err) {
    if (err instanceof DreamError && err.status === 409)
      throw new ConflictError(r.existsCode, `a repository ${repoName} already exists (${err.message})`)
    throw err
  }
  let registered = false
  try {
    await editRepo(
      repo.clone_url,
      s,
      `init ${r.kind} ${r.name} from template ${r.template}`,
      async dir => {
        await cp(r.templateDir, dir, { recursive: true })
      },
      { fresh: true }
    )
    await request(s, 'auth', 'PUT', `/repository/github/${repo.id}`)
    registered = true
    await editRepo(p.config.url, s, `${r.kind} ${r.name} from template ${r.template}`, async dir => {
      const file = join(dir, r.configFolder, `${r.name}.yaml`)
      if (await exists(file))
        throw new ConflictError(r.existsCode, `project ${p.name} already has a ${r.kind} ${r.name}`)
      await mkdir(join(dir, r.configFolder), { recursive: true })
      await r.writeConfig(dir, file, repo)
    })
    return repo
  } catch (err) {
    if (registered) await request(s, 'auth', 'DELETE', `/repository/github/${repo.id}`).catch(() => {})
    await request(s, 'git', 'DELETE', `/repos/${repo.full_name}`).catch(() => {})
    throw err
  }
}
