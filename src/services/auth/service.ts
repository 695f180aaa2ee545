import { join } from 'node:path'
import type { FastifyInstance } from 'fastify'
import { BaseService } from '../base.js'
import type { Handlers } from '../../p2p/protocol.js'
import { InvalidInputError, NotFoundError } from '../../shared/errors.js'
import type { ServiceDeps } from '../types.js'
import { AuthRegistry } from './registry.js'
import { authRoutes } from './routes.js'
import { AuthStore } from './store.js'

interface ActionBody { action?: string, id?: string | number }

/**
 * auth: projects, registered repositories, webhook secrets and deploy credentials. HTTP for users (the console
 * and CLI), `/auth/v1` for patrick (hook secrets) and monkey (deploy credentials, project repos).
 */
export class AuthService extends BaseService {
  readonly name = 'auth'
  readonly #store: AuthStore
  readonly #registry: AuthRegistry

  constructor (deps: ServiceDeps) {
    super(deps)
    this.#store = new AuthStore(join(deps.root, 'auth.json'))
    this.#registry = new AuthRegistry(deps, this.#store)
  }

  protected override async open (): Promise<void> { await this.#store.open() }
  protected override async close (): Promise<void> { await this.#store.close() }
  protected override routes (app: FastifyInstance): void { authRoutes(app, this.#registry, this.#store) }

  protected override handlers (): Handlers {
    const store = this.#store
    const need = <T>(v: T | undefined, what: string, id: unknown): T => {
      if (v === undefined) throw new NotFoundError(`AUTH_${what.toUpperCase()}_NOT_FOUND`, `${what} ${String(id)} not found`)
      return v
    }
    const badAction = (cmd: string, a: unknown): never => { throw new InvalidInputError('AUTH_ACTION', `${cmd}: unknown action "${String(a)}" (get, list)`) }
    return {
      projects: (b: ActionBody) => {
        if (b.action === 'list') return { ids: store.projects().map(p => p.id) }
        if (b.action !== 'get') return badAction('projects', b.action)
        const p = need(store.project(String(b.id)), 'project', b.id)
        return { id: p.id, name: p.name, provider: p.provider, code: p.code, config: p.config }
      },
      repositories: (b: ActionBody) => {
        if (b.action === 'list') return { ids: store.repositories().map(r => r.id) }
        if (b.action !== 'get') return badAction('repositories', b.action)
        const r = need(store.repository(String(b.id)), 'repository', b.id)
        return { id: r.id, provider: r.provider, project: r.project ?? '', key: r.key, fullname: r.fullname, clone_url: r.clone_url, hooks: r.hooks }
      },
      hooks: (b: ActionBody) => {
        if (b.action === 'list') return { hooks: store.hooks().map(h => h.id) }
        if (b.action !== 'get') return badAction('hooks', b.action)
        return need(store.hook(String(b.id)), 'hook', b.id)
      }
    }
  }
}
