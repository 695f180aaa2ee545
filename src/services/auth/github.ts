import { DreamError, NotFoundError, UnauthorizedError } from '../../shared/errors.js'

/** The parts of a GitHub repository JSON that auth uses. */
export interface GithubRepo {
  id: number
  name: string
  full_name: string
  clone_url: string
  ssh_url: string
  private: boolean
  default_branch: string
}
export interface GithubUser {
  login: string
  id: number
  name?: string
  email?: string
  company?: string | null
}

/**
 * auth's client of the git host's GitHub-shaped REST API, acting with the caller's token, as tau's auth acts
 * on GitHub with the user's OAuth token.
 */
export class GithubApi {
  readonly #base: string
  readonly #token: string

  constructor(base: string, token: string) {
    this.#base = base
    this.#token = token
  }

  async user(): Promise<GithubUser> {
    return await this.#json<GithubUser>('GET', '/user')
  }
  async repo(id: string | number): Promise<GithubRepo> {
    return await this.#json<GithubRepo>('GET', `/repositories/${id}`)
  }

  async addHook(repo: GithubRepo, url: string, secret: string): Promise<{ id: number }> {
    return await this.#json('POST', `/repos/${repo.full_name}/hooks`, {
      name: 'web',
      active: true,
      events: ['push'],
      config: { url, secret, content_type: 'json', insecure_ssl: '0' }
    })
  }

  async deleteHook(repo: GithubRepo, id: number): Promise<void> {
    await this.#json('DELETE', `/repos/${repo.full_name}/hooks/${id}`)
  }

  async addDeployKey(repo: GithubRepo, title: string, key: string): Promise<{ id: number }> {
    return await this.#json('POST', `/repos/${repo.full_name}/keys`, { title, key, read_only: true })
  }

  async deleteDeployKey(repo: GithubRepo, id: number): Promise<void> {
    await this.#json('DELETE', `/repos/${repo.full_name}/keys/${id}`)
  }

  async #json<T>(method: string, path: string, body?: unknown): Promise<T> {
    const res = await fetch(this.#base + path, {
      method,
      headers: {
        authorization: `token ${this.#token}`,
        accept: 'application/vnd.github+json',
        ...(body !== undefined ? { 'content-type': 'application/json' } : {})
      },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {})
    })
    const text = await res.text()
    if (res.status === 401)
      throw new UnauthorizedError('AUTH_BAD_TOKEN', 'the git host refused the token (Authorization: github <token>)')
    if (res.status === 404) throw new NotFoundError('GITHUB_NOT_FOUND', `git host: ${method} ${path} not found`)
    if (!res.ok) throw new DreamError('GITHUB_ERROR', `git host: ${method} ${path} failed with ${res.status}: ${text}`)
    return (text === '' ? null : JSON.parse(text)) as T
  }
}
