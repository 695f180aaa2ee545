import { JsonStore } from '../../shared/json-store.js'

export interface ProjectRecord {
  id: string
  name: string
  description: string
  provider: 'github'
  config: string
  code: string
  owners: string[]
}
export interface RepositoryRecord {
  id: string
  provider: 'github'
  project?: string
  key: string
  fullname: string
  clone_url: string
  hooks: string[]
  hookGithubIds: number[]
  keyId?: number
}
export interface HookRecord {
  id: string
  provider: 'github'
  github_id: number
  secret: string
  repository: string
}

/**
 * auth's projects, registered repositories and webhooks, kept in one durable store with the key layout tau's
 * auth uses in its kvdb:
 * `/projects/<pid>`, `/repositories/github/<id>`, `/hooks/<hookId>`.
 */
export class ProjectStore {
  readonly #kv: JsonStore

  constructor(file: string) {
    this.#kv = new JsonStore(file)
  }

  async open(): Promise<void> {
    await this.#kv.open()
  }
  async close(): Promise<void> {
    await this.#kv.close()
  }

  project(id: string): ProjectRecord | undefined {
    return this.#kv.get(`/projects/${id}`) as ProjectRecord | undefined
  }
  projects(): ProjectRecord[] {
    return this.#kv.entries('/projects/').map(([, v]) => v as ProjectRecord)
  }
  async putProject(p: ProjectRecord): Promise<void> {
    await this.#kv.set(`/projects/${p.id}`, p)
  }
  async deleteProject(id: string): Promise<void> {
    await this.#kv.delete(`/projects/${id}`)
  }

  repository(id: string): RepositoryRecord | undefined {
    return this.#kv.get(`/repositories/github/${id}`) as RepositoryRecord | undefined
  }
  repositories(): RepositoryRecord[] {
    return this.#kv.entries('/repositories/github/').map(([, v]) => v as RepositoryRecord)
  }
  async putRepository(r: RepositoryRecord): Promise<void> {
    await this.#kv.set(`/repositories/github/${r.id}`, r)
  }
  async deleteRepository(id: string): Promise<void> {
    await this.#kv.delete(`/repositories/github/${id}`)
  }

  hook(id: string): HookRecord | undefined {
    return this.#kv.get(`/hooks/${id}`) as HookRecord | undefined
  }
  hooks(): HookRecord[] {
    return this.#kv.entries('/hooks/').map(([, v]) => v as HookRecord)
  }
  async putHook(h: HookRecord): Promise<void> {
    await this.#kv.set(`/hooks/${h.id}`, h)
  }
  async deleteHook(id: string): Promise<void> {
    await this.#kv.delete(`/hooks/${id}`)
  }
}
