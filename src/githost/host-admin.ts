/**
 * The host's state operations (users, repos, hooks, deploy keys) over the JSON store and the bare repos.
 * Both the REST API and in-process callers go through here, so validation lives in one place.
 */
import { randomBytes } from 'node:crypto'
import { ConflictError, DreamError, InvalidInputError, NotFoundError } from '../shared/errors.js'
import type { Principal } from './access.js'
import { parseAuthorization } from '../shared/authorization.js'
import { sha256Hex } from './credentials.js'
import type { GitRunner } from './git-runner.js'
import type { DeployKeyRecord, HookRecord, RepoRecord, User, UserRecord } from './model.js'
import { initBare, removeBare } from './repo-fs.js'
import type { HostStore } from './host-store.js'
import type { HookTargetPolicy } from './hook-targets.js'

const LOGIN = /^[A-Za-z0-9](?:[A-Za-z0-9_.-]{0,38})$/
const REPO = /^[A-Za-z0-9._-]{1,100}$/

export interface NewRepo {
  name: string
  description?: string | null
  private?: boolean
}
export interface NewHook {
  url: string
  secret?: string
  contentType?: 'json' | 'form'
  events?: string[]
  active?: boolean
}
export interface NewKey {
  title?: string
  key: string
  readOnly?: boolean
}

export class HostAdmin {
  readonly store: HostStore
  readonly #git: GitRunner
  readonly #hookTargets: HookTargetPolicy | undefined

  constructor(store: HostStore, git: GitRunner, hookTargets?: HookTargetPolicy) {
    this.store = store
    this.#git = git
    this.#hookTargets = hookTargets
  }

  async createUser(login: string): Promise<User> {
    if (typeof login !== 'string' || !LOGIN.test(login))
      throw new InvalidInputError('GITHOST_BAD_LOGIN', `invalid login: ${String(login)}`)
    await this.store.ready()
    let u = this.store.user(login)
    if (u === undefined) {
      u = {
        login,
        id: this.store.freshId(
          8,
          this.store.users.map(x => x.id)
        ),
        token: `dream_${randomBytes(20).toString('hex')}`,
        createdAt: Date.now()
      }
      this.store.users.push(u)
      await this.store.save()
    }
    return { login: u.login, id: u.id, token: u.token }
  }

  /** The user behind an Authorization header, if its token is known (sync: the store must be loaded). */
  authenticate(header: string | undefined): UserRecord | undefined {
    const c = parseAuthorization(header)
    return c === undefined ? undefined : this.store.userByToken(c.secret)
  }

  /** A user token first, then a deploy key: git requests accept both. */
  principal(header: string | undefined): Principal | undefined {
    const c = parseAuthorization(header)
    if (c === undefined) return undefined
    const user = this.store.userByToken(c.secret)
    if (user !== undefined) return { kind: 'user', user }
    const hash = sha256Hex(c.secret)
    const key = this.store.keys.find(k => k.keyHash === hash)
    return key === undefined ? undefined : { kind: 'key', key }
  }

  ownerId(repo: RepoRecord): number {
    return this.store.user(repo.owner)?.id ?? 0
  }

  async createRepo(owner: UserRecord, o: NewRepo): Promise<RepoRecord> {
    const name = typeof o.name === 'string' ? o.name.replace(/\.git$/i, '') : ''
    if (!REPO.test(name) || name === '.' || name === '..')
      throw new DreamError('GITHOST_BAD_REPO_NAME', `invalid repository name: ${String(o.name)}`)
    await this.store.ready()
    if (this.store.repo(owner.login, name) !== undefined) {
      throw new ConflictError('GITHOST_REPO_EXISTS', 'Repository creation failed: name already exists on this account')
    }
    const repo: RepoRecord = {
      id: this.store.freshId(
        9,
        this.store.repos.map(r => r.id)
      ),
      owner: owner.login,
      name,
      private: o.private === true,
      description: typeof o.description === 'string' ? o.description : null,
      defaultBranch: 'main',
      createdAt: Date.now(),
      pushedAt: 0
    }
    // Reserve the name before the (async) git init so that a concurrent create sees it.
    this.store.repos.push(repo)
    try {
      await initBare(this.#git, this.store.repoDir(repo.id), repo.defaultBranch)
    } catch (err) {
      this.store.repos = this.store.repos.filter(r => r !== repo)
      throw err
    }
    await this.store.save()
    return repo
  }

  async deleteRepo(repo: RepoRecord): Promise<void> {
    this.store.repos = this.store.repos.filter(r => r.id !== repo.id)
    this.store.hooks = this.store.hooks.filter(h => h.repoId !== repo.id)
    this.store.keys = this.store.keys.filter(k => k.repoId !== repo.id)
    await this.store.save()
    await removeBare(this.store.repoDir(repo.id))
  }

  /** Marks a push: pushed_at strictly increases per repo even for two pushes within one second. */
  async touchPushed(repo: RepoRecord): Promise<void> {
    repo.pushedAt = Math.max(Math.floor(Date.now() / 1000), repo.pushedAt + 1)
    await this.store.save()
  }

  hooks(repo: RepoRecord): HookRecord[] {
    return this.store.hooks.filter(h => h.repoId === repo.id)
  }

  hook(repo: RepoRecord, id: number): HookRecord {
    const h = this.store.hooks.find(x => x.repoId === repo.id && x.id === id)
    if (h === undefined) throw new NotFoundError('GITHOST_HOOK_NOT_FOUND', 'Not Found')
    return h
  }

  async addHook(repo: RepoRecord, o: NewHook): Promise<HookRecord> {
    let url: URL
    try {
      url = new URL(o.url)
    } catch {
      throw new DreamError('GITHOST_BAD_HOOK_URL', 'Validation Failed: config.url is not a valid URL')
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:')
      throw new DreamError('GITHOST_BAD_HOOK_URL', 'Validation Failed: config.url must be http(s)')
    const refused = this.#hookTargets?.(url)
    if (refused !== undefined) throw new DreamError('GITHOST_HOOK_TARGET', `Validation Failed: config.url: ${refused}`)
    const events = o.events ?? ['push']
    if (!Array.isArray(events) || events.some(e => typeof e !== 'string'))
      throw new DreamError('GITHOST_BAD_HOOK_EVENTS', 'Validation Failed: events must be strings')
    const h: HookRecord = {
      id: this.store.freshId(
        9,
        this.store.hooks.map(x => x.id)
      ),
      repoId: repo.id,
      url: o.url,
      secret: typeof o.secret === 'string' ? o.secret : '',
      contentType: o.contentType === 'form' ? 'form' : 'json',
      events,
      active: o.active !== false,
      createdAt: Date.now()
    }
    this.store.hooks.push(h)
    await this.store.save()
    return h
  }

  async deleteHook(repo: RepoRecord, id: number): Promise<void> {
    const h = this.hook(repo, id)
    this.store.hooks = this.store.hooks.filter(x => x !== h)
    await this.store.save()
  }

  keys(repo: RepoRecord): DeployKeyRecord[] {
    return this.store.keys.filter(k => k.repoId === repo.id)
  }

  key(repo: RepoRecord, id: number): DeployKeyRecord {
    const k = this.store.keys.find(x => x.repoId === repo.id && x.id === id)
    if (k === undefined) throw new NotFoundError('GITHOST_KEY_NOT_FOUND', 'Not Found')
    return k
  }

  async addKey(repo: RepoRecord, o: NewKey): Promise<DeployKeyRecord> {
    if (typeof o.key !== 'string' || o.key.trim() === '')
      throw new DreamError('GITHOST_BAD_KEY', 'Validation Failed: key is invalid')
    const keyHash = sha256Hex(o.key)
    // Like GitHub, one key opens one repository: that is what makes key -> repo unambiguous.
    if (this.store.keys.some(k => k.keyHash === keyHash))
      throw new DreamError('GITHOST_KEY_IN_USE', 'Validation Failed: key is already in use')
    if (this.store.users.some(u => u.token === o.key))
      throw new DreamError('GITHOST_BAD_KEY', 'Validation Failed: key is invalid')
    const k: DeployKeyRecord = {
      id: this.store.freshId(
        8,
        this.store.keys.map(x => x.id)
      ),
      repoId: repo.id,
      title: typeof o.title === 'string' && o.title !== '' ? o.title : 'deploy key',
      keyHash,
      // GitHub's default: a key is read-write unless read_only is true.
      readOnly: o.readOnly === true,
      createdAt: Date.now()
    }
    this.store.keys.push(k)
    await this.store.save()
    return k
  }

  async deleteKey(repo: RepoRecord, id: number): Promise<void> {
    const k = this.key(repo, id)
    this.store.keys = this.store.keys.filter(x => x !== k)
    await this.store.save()
  }
}
