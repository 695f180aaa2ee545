import { join } from 'node:path'
import type { FastifyInstance } from 'fastify'
import { BaseService } from '../base.js'
import { commands, type Commands } from '../../p2p/commands.js'
import { InvalidInputError, NotFoundError } from '../../shared/errors.js'
import type { ServiceComponents } from '../types.js'
import { AuthBodies, AuthCommand, type ProjectInfo, type RepositoryInfo } from './protocol.js'
import { ProjectStore } from './project-store.js'
import { authRoutes } from './routes.js'
import { UserActions } from './user-actions.js'

export type AuthComponents = Pick<ServiceComponents, 'node' | 'http' | 'directory' | 'root' | 'fqdn' | 'gitUrl'>

/**
 * auth: projects, registered repositories, webhook secrets and deploy credentials. HTTP for users (the console
 * and CLI), `/auth/v1` for patrick (hook secrets) and monkey (deploy credentials, project repos).
 */
export class AuthService extends BaseService {
  readonly name = 'auth'
  readonly #store: ProjectStore
  readonly #actions: UserActions

  constructor(components: AuthComponents) {
    super(components)
    this.#store = new ProjectStore(join(components.root, 'auth.json'))
    this.#actions = new UserActions(components, this.#store)
  }

  protected override async open(): Promise<void> {
    await this.#store.open()
  }
  protected override async close(): Promise<void> {
    await this.#store.close()
  }
  protected override routes(app: FastifyInstance): void {
    authRoutes(app, this.#actions, this.#store)
  }

  protected override handlers(): Commands {
    const store = this.#store
    const need = <T>(v: T | undefined, what: 'project' | 'repository' | 'hook', id: unknown): T => {
      if (v === undefined) throw new NotFoundError(NOT_FOUND[what], `${what} ${String(id)} not found`)
      return v
    }
    const badAction = (cmd: string, a: unknown): never => {
      throw new InvalidInputError('AUTH_ACTION', `${cmd}: unknown action "${String(a)}" (get, list)`)
    }
    return commands(AuthBodies, {
      [AuthCommand.projects]: b => {
        if (b.action === 'list') return { ids: store.projects().map(p => p.id) }
        if (b.action !== 'get') return badAction(AuthCommand.projects, b.action)
        const p = need(store.project(String(b.id)), 'project', b.id)
        return { id: p.id, name: p.name, provider: p.provider, code: p.code, config: p.config } satisfies ProjectInfo
      },
      [AuthCommand.repositories]: b => {
        if (b.action === 'list') return { ids: store.repositories().map(r => r.id) }
        if (b.action !== 'get') return badAction(AuthCommand.repositories, b.action)
        const r = need(store.repository(String(b.id)), 'repository', b.id)
        return {
          id: r.id,
          provider: r.provider,
          project: r.project ?? '',
          key: r.key,
          fullname: r.fullname,
          clone_url: r.clone_url,
          hooks: r.hooks
        } satisfies RepositoryInfo
      },
      [AuthCommand.hooks]: b => {
        if (b.action === 'list') return { hooks: store.hooks().map(h => h.id) }
        if (b.action !== 'get') return badAction(AuthCommand.hooks, b.action)
        return need(store.hook(String(b.id)), 'hook', b.id)
      }
    })
  }
}

const NOT_FOUND = {
  project: 'AUTH_PROJECT_NOT_FOUND',
  repository: 'AUTH_REPOSITORY_NOT_FOUND',
  hook: 'AUTH_HOOK_NOT_FOUND'
} as const
