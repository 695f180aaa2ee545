/**
 * The git host's records (users, repositories, webhooks, deploy keys): everything except the bare repos
 * themselves, in one JSON store under root. Reads are from memory; every mutation is followed by save().
 */
import { join } from 'node:path'
import { randomInt } from 'node:crypto'
import { DreamError } from '../shared/errors.js'
import { JsonStore } from '../shared/json-store.js'
import { mkdirPrivate } from '../shared/private-fs.js'
import type { DeployKeyRecord, HookRecord, RepoRecord, UserRecord } from './model.js'

const DB_FILE = 'githost.json'

export class HostStore {
  readonly root: string
  users: UserRecord[] = []
  repos: RepoRecord[] = []
  hooks: HookRecord[] = []
  keys: DeployKeyRecord[] = []
  // Tokens and hook secrets are in here: the store writes owner-only files.
  readonly #kv: JsonStore
  #loading: Promise<void> | undefined
  #saving: Promise<void> = Promise.resolve()

  constructor(root: string) {
    this.root = root
    this.#kv = new JsonStore(join(root, DB_FILE))
  }

  /** Loads once (lazily, so that the constructor of GitHost does no I/O). */
  async ready(): Promise<void> {
    this.#loading ??= this.#load()
    await this.#loading
  }

  async #load(): Promise<void> {
    await mkdirPrivate(join(this.root, 'repos'))
    await mkdirPrivate(this.root)
    try {
      await this.#kv.open()
    } catch (err) {
      if (!(err instanceof SyntaxError)) throw err
      throw new DreamError('GITHOST_DB_CORRUPT', `cannot parse ${join(this.root, DB_FILE)}`, { cause: err })
    }
    this.users = (this.#kv.get('users') as UserRecord[] | undefined) ?? []
    this.repos = (this.#kv.get('repos') as RepoRecord[] | undefined) ?? []
    this.hooks = (this.#kv.get('hooks') as HookRecord[] | undefined) ?? []
    this.keys = (this.#kv.get('keys') as DeployKeyRecord[] | undefined) ?? []
  }

  /** Persists the current state; resolves once this state (or a later one) is on disk. */
  save(): Promise<void> {
    const next = this.#saving.then(async () => {
      await this.#kv.setMany([
        ['version', 1],
        ['users', this.users],
        ['repos', this.repos],
        ['hooks', this.hooks],
        ['keys', this.keys]
      ])
    })
    // A failed save must not poison later ones; the caller of this save still sees the error.
    this.#saving = next.catch(() => {})
    return next
  }

  /** Waits for queued saves (stop()). */
  async flushed(): Promise<void> {
    await this.#saving
    await this.#kv.close()
  }

  repoDir(id: number): string {
    return join(this.root, 'repos', `${id}.git`)
  }

  user(login: string): UserRecord | undefined {
    const l = login.toLowerCase()
    return this.users.find(u => u.login.toLowerCase() === l)
  }

  userByToken(token: string): UserRecord | undefined {
    return this.users.find(u => u.token === token)
  }

  repo(owner: string, name: string): RepoRecord | undefined {
    const o = owner.toLowerCase()
    const n = name.toLowerCase()
    return this.repos.find(r => r.owner.toLowerCase() === o && r.name.toLowerCase() === n)
  }

  repoById(id: number): RepoRecord | undefined {
    return this.repos.find(r => r.id === id)
  }

  /** A random id of `digits` digits not used by `taken` (GitHub-like numeric ids, unique per host). */
  freshId(digits: number, taken: Iterable<number>): number {
    const used = new Set(taken)
    for (;;) {
      const id = randomInt(10 ** (digits - 1), 10 ** digits)
      if (!used.has(id)) return id
    }
  }
}
