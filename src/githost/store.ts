/**
 * The git host's JSON database: everything except the bare repos themselves lives in one file under
 * root. Reads are from memory; every mutation is followed by save(), and saves are chained so that two
 * concurrent writers never interleave (write to a temp file, then rename: a crash leaves the old file).
 */
import { readFile, rename } from 'node:fs/promises'
import { join } from 'node:path'
import { randomInt } from 'node:crypto'
import { DreamError } from '../shared/errors.js'
import { mkdirPrivate, writeFilePrivate } from '../shared/private-fs.js'
import type { DeployKeyRecord, HookRecord, RepoRecord, UserRecord } from './model.js'

interface DbFile { version: 1, users: UserRecord[], repos: RepoRecord[], hooks: HookRecord[], keys: DeployKeyRecord[] }

export const DB_FILE = 'githost.json'

export class Store {
  readonly root: string
  users: UserRecord[] = []
  repos: RepoRecord[] = []
  hooks: HookRecord[] = []
  keys: DeployKeyRecord[] = []
  private loading: Promise<void> | undefined
  private loaded = false
  private saving: Promise<void> = Promise.resolve()

  constructor (root: string) { this.root = root }

  get isLoaded (): boolean { return this.loaded }

  /** Loads once (lazily, so that the constructor of GitHost does no I/O). */
  async ready (): Promise<void> {
    this.loading ??= this.load()
    await this.loading
  }

  private async load (): Promise<void> {
    await mkdirPrivate(join(this.root, 'repos'))
    await mkdirPrivate(this.root)
    let text: string | undefined
    try { text = await readFile(join(this.root, DB_FILE), 'utf8') } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err
    }
    if (text !== undefined) {
      let db: Partial<DbFile>
      try { db = JSON.parse(text) as Partial<DbFile> } catch (err) {
        throw new DreamError('GITHOST_DB_CORRUPT', `cannot parse ${join(this.root, DB_FILE)}`, { cause: err })
      }
      this.users = db.users ?? []
      this.repos = db.repos ?? []
      this.hooks = db.hooks ?? []
      this.keys = db.keys ?? []
    }
    this.loaded = true
  }

  /** Persists the current state; resolves once this state (or a later one) is on disk. */
  save (): Promise<void> {
    const next = this.saving.then(async () => {
      const db: DbFile = { version: 1, users: this.users, repos: this.repos, hooks: this.hooks, keys: this.keys }
      const file = join(this.root, DB_FILE)
      const tmp = `${file}.${process.pid}.tmp`
      // Tokens and hook secrets are in here: owner-only.
      await writeFilePrivate(tmp, JSON.stringify(db, null, 2))
      await rename(tmp, file)
    })
    // A failed save must not poison later ones; the caller of this save still sees the error.
    this.saving = next.catch(() => {})
    return next
  }

  /** Waits for queued saves (stop()). */
  async flushed (): Promise<void> { await this.saving }

  repoDir (id: number): string { return join(this.root, 'repos', `${id}.git`) }

  user (login: string): UserRecord | undefined {
    const l = login.toLowerCase()
    return this.users.find(u => u.login.toLowerCase() === l)
  }

  userByToken (token: string): UserRecord | undefined { return this.users.find(u => u.token === token) }

  repo (owner: string, name: string): RepoRecord | undefined {
    const o = owner.toLowerCase(); const n = name.toLowerCase()
    return this.repos.find(r => r.owner.toLowerCase() === o && r.name.toLowerCase() === n)
  }

  repoById (id: number): RepoRecord | undefined { return this.repos.find(r => r.id === id) }

  /** A random id of `digits` digits not used by `taken` (GitHub-like numeric ids, unique per host). */
  freshId (digits: number, taken: Iterable<number>): number {
    const used = new Set(taken)
    for (;;) {
      const id = randomInt(10 ** (digits - 1), 10 ** digits)
      if (!used.has(id)) return id
    }
  }
}
