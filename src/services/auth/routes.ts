import type { FastifyInstance, FastifyRequest } from 'fastify'
import { InvalidInputError } from '../../shared/errors.js'
import { requireToken } from '../../shared/authorization.js'
import type { GithubUser } from './github.js'
import type { ProjectStore } from './project-store.js'
import type { UserActions } from './user-actions.js'

interface RepoRef {
  id?: string | number
}

/** auth's HTTP API (the routes of tau's auth service); every route needs `Authorization: github <token>`. */
export function authRoutes(app: FastifyInstance, actions: UserActions, store: ProjectStore): void {
  const caller = async (req: FastifyRequest): Promise<{ token: string; user: GithubUser }> => {
    const token = requireToken(req.headers.authorization)
    return { token, user: await actions.github(token).user() }
  }
  const githubOnly = (provider: string): void => {
    if (provider !== 'github')
      throw new InvalidInputError('AUTH_PROVIDER', `provider "${provider}" is not supported; use github`)
  }

  app.get('/me', async req => {
    const { user } = await caller(req)
    return {
      user: { name: user.name ?? user.login, company: user.company ?? '', email: user.email ?? '', login: user.login }
    }
  })

  app.put<{ Params: { provider: string; id: string } }>('/repository/:provider/:id', async req => {
    githubOnly(req.params.provider)
    const { token } = await caller(req)
    return await actions.registerRepository(token, req.params.id)
  })
  app.delete<{ Params: { provider: string; id: string } }>('/repository/:provider/:id', async req => {
    githubOnly(req.params.provider)
    const { token } = await caller(req)
    await actions.unregisterRepository(token, req.params.id)
    return null
  })
  app.get<{ Params: { provider: string; id: string } }>('/repository/:provider/:id', async req => {
    githubOnly(req.params.provider)
    await caller(req)
    return {
      hooks: store
        .hooks()
        .filter(h => h.repository === req.params.id)
        .map(h => String(h.github_id))
    }
  })
  app.get('/repositories', async req => {
    await caller(req)
    return { repositories: Object.fromEntries(store.repositories().map(r => [r.id, { id: r.id, name: r.id }])) }
  })

  app.post<{ Params: { name: string }; Body: { config?: RepoRef; code?: RepoRef; description?: string } }>(
    '/project/new/:name',
    async req => {
      const { user } = await caller(req)
      const config = req.body?.config?.id
      const code = req.body?.code?.id
      if (config === undefined || code === undefined)
        throw new InvalidInputError(
          'PROJECT_REPOS',
          'body needs {"config":{"id":"<repo id>"},"code":{"id":"<repo id>"}}'
        )
      const p = await actions.createProject(
        user,
        req.params.name,
        String(config),
        String(code),
        req.body?.description ?? ''
      )
      return { project: { id: p.id, name: p.name } }
    }
  )
  app.get('/projects', async req => {
    const { user } = await caller(req)
    return {
      projects: store
        .projects()
        .filter(p => p.owners.includes(user.login))
        .map(p => ({ id: p.id, name: p.name }))
    }
  })
  app.get<{ Params: { id: string } }>('/projects/:id', async req => {
    const { user } = await caller(req)
    const p = actions.projectFor(user, req.params.id)
    const view = (id: string): object => {
      const r = store.repository(id)
      return { id, name: r?.fullname.split('/')[1] ?? '', fullname: r?.fullname ?? '', url: r?.clone_url ?? '' }
    }
    return {
      project: {
        id: p.id,
        name: p.name,
        description: p.description,
        repositories: { provider: 'github', configuration: view(p.config), code: view(p.code) }
      }
    }
  })
  app.delete<{ Params: { id: string } }>('/projects/:id', async req => {
    const { user } = await caller(req)
    await actions.deleteProject(user, req.params.id)
    return { project: { id: req.params.id, status: 'deleted' } }
  })
}
