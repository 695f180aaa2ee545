import { randomBytes, randomInt } from 'node:crypto'
import { ConflictError, InvalidInputError, NotFoundError } from '../../shared/errors.js'
import { generateId } from '../../shared/ids.js'
import { TnsClient } from '../tns/client.js'
import type { ServiceComponents } from '../types.js'
import { GithubApi, type GithubUser } from './github.js'
import type { ProjectStore, ProjectRecord, RepositoryRecord } from './project-store.js'

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789'
/** A webhook secret as tau makes them: 32 characters of [0-9A-Za-z]. */
function newSecret(n = 32): string {
  return Array.from({ length: n }, () => ALNUM[randomInt(ALNUM.length)]).join('')
}

/** What the user actions need of auth's node: to reach TNS, and the names and git host URL hooks point at. */
export type UserActionsComponents = Pick<ServiceComponents, 'node' | 'directory' | 'fqdn' | 'gitUrl'>

/**
 * What auth does on behalf of a user: register repositories (a push webhook pointing at patrick, a read-only
 * deploy credential for monkey, the TNS `resolve/repo/github/<id>` link) and create, list and delete projects
 * over them.
 */
export class UserActions {
  readonly #c: UserActionsComponents
  readonly #store: ProjectStore

  constructor(components: UserActionsComponents, store: ProjectStore) {
    this.#c = components
    this.#store = store
  }

  github(token: string): GithubApi {
    return new GithubApi(this.#c.gitUrl, token)
  }

  async registerRepository(token: string, id: string): Promise<{ key: string }> {
    const existing = this.#store.repository(id)
    if (existing !== undefined) return { key: `/repositories/github/${id}/key` }
    const gh = this.github(token)
    const repo = await gh.repo(id)
    const hookId = generateId(`/repositories/github/${id}/key`)
    const secret = newSecret()
    // Named like tau's (https://patrick.tau.<fqdn>/github/<hookId>); the git host resolves it as DNS would.
    const hook = await gh.addHook(repo, `http://patrick.tau.${this.#c.fqdn}/github/${hookId}`, secret)
    const deployKey = randomBytes(24).toString('hex')
    const key = await gh.addDeployKey(repo, 'taubyte_deploy_key_dev', deployKey)
    const record: RepositoryRecord = {
      id,
      provider: 'github',
      key: deployKey,
      keyId: key.id,
      fullname: repo.full_name,
      clone_url: repo.clone_url,
      hooks: [hookId],
      hookGithubIds: [hook.id]
    }
    await this.#store.putHook({ id: hookId, provider: 'github', github_id: hook.id, secret, repository: id })
    await this.#store.putRepository(record)
    await new TnsClient(this.#c.node, this.#c.directory).push(['resolve', 'repo', 'github', id], {
      ssh: repo.clone_url,
      fullname: repo.full_name
    })
    return { key: `/repositories/github/${id}/key` }
  }

  async unregisterRepository(token: string, id: string): Promise<void> {
    const r = this.#requireRepository(id)
    const gh = this.github(token)
    const repo = await gh.repo(id).catch(() => undefined)
    if (repo !== undefined) {
      for (const h of r.hookGithubIds) await gh.deleteHook(repo, h).catch(() => {})
      if (r.keyId !== undefined) await gh.deleteDeployKey(repo, r.keyId).catch(() => {})
    }
    for (const h of r.hooks) await this.#store.deleteHook(h)
    await this.#store.deleteRepository(id)
  }

  async createProject(
    user: GithubUser,
    name: string,
    configId: string,
    codeId: string,
    description = ''
  ): Promise<ProjectRecord> {
    if (!/^[A-Za-z0-9_-]+$/.test(name))
      throw new InvalidInputError('PROJECT_NAME', `project name "${name}" may hold only letters, digits, - and _`)
    if (this.#store.projects().some(p => p.name === name && p.owners.includes(user.login))) {
      throw new ConflictError('PROJECT_EXISTS', `you already have a project named ${name}`)
    }
    const repos = [configId, codeId].map(id => {
      const r = this.#store.repository(id)
      if (r === undefined)
        throw new NotFoundError(
          'REPO_NOT_REGISTERED',
          `repository ${id} is not registered; register it first with PUT /repository/github/${id}`
        )
      if (r.project !== undefined)
        throw new ConflictError('REPO_IN_PROJECT', `repository ${r.fullname} already belongs to project ${r.project}`)
      return r
    })
    const project: ProjectRecord = {
      id: generateId(name, String(Date.now())),
      name,
      description,
      provider: 'github',
      config: configId,
      code: codeId,
      owners: [user.login]
    }
    await this.#store.putProject(project)
    for (const r of repos) await this.#store.putRepository({ ...r, project: project.id })
    return project
  }

  async deleteProject(user: GithubUser, id: string): Promise<void> {
    const p = this.projectFor(user, id)
    for (const repoId of [p.config, p.code]) {
      const r = this.#store.repository(repoId)
      if (r !== undefined) {
        const { project: _p, ...rest } = r
        await this.#store.putRepository(rest)
      }
    }
    await this.#store.deleteProject(id)
  }

  projectFor(user: GithubUser, id: string): ProjectRecord {
    const p = this.#store.project(id)
    if (p === undefined || !p.owners.includes(user.login))
      throw new NotFoundError('PROJECT_NOT_FOUND', `project ${id} not found`)
    return p
  }

  #requireRepository(id: string): RepositoryRecord {
    const r = this.#store.repository(id)
    if (r === undefined) throw new NotFoundError('REPO_NOT_REGISTERED', `repository ${id} is not registered`)
    return r
  }
}
