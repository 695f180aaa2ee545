/**
 * The databases functions reach (tau's substrate database component): `newDatabase(matcher)` finds the database
 * resource of the function's project, and of its application when it has one, whose `match` equals the matcher
 * (or, with `useRegex`, whose regex matches it), at the project's current commit in TNS. The data is kept by
 * the hoarder that owns the instance (hoarder/placement.ts); this substrate answers from its replica of it
 * (database-replicas.ts), as tau's substrate answers from its local replica of the database: a function reads
 * its own writes at once, and another substrate's soon after the owner applied them.
 */
import { DreamError, errorMessage } from '../../../shared/errors.js'
import type { DatabaseRef } from '../../../shared/database-ref.js'
import type { TnsClient } from '../../tns/client.js'
import type { DatabaseReplicas } from './database-replicas.js'
import { findResource, type ResourceScope } from './resource-match.js'
import { Errno } from '../../../vm/errno.js'
import type { HostReply } from '../../../vm/host-calls.js'
import type { DatabaseCall } from '../../../vm/host-database.js'
import type { HostPart } from './host-part.js'

export class FunctionDatabases implements HostPart<DatabaseCall> {
  readonly #tns: TnsClient
  readonly #replicas: DatabaseReplicas
  readonly #branch: () => string
  readonly #found = new Map<string, { at: number; db: Promise<DatabaseRef | string> }>()
  static readonly MAX_AGE_MS = 5_000
  static readonly MAX_CACHED = 4096

  constructor(tns: TnsClient, replicas: DatabaseReplicas, branch: () => string) {
    this.#tns = tns
    this.#replicas = replicas
    this.#branch = branch
  }

  /** Forgets every resolved matcher (TNS changed: a database may have been added, removed or resized). */
  invalidate(): void {
    this.#found.clear()
  }

  /** A database host call of a function. */
  async answer(c: DatabaseCall, fn: ResourceScope): Promise<HostReply> {
    try {
      return await this.#run(fn, c)
    } catch (err) {
      if (err instanceof DreamError && err.code === 'DATABASE_KEY_NOT_FOUND')
        return { ok: false, errno: Errno.DatabaseKeyNotFound, log: err.message }
      return { ok: false, log: `${c.op} failed: ${errorMessage(err)}` }
    }
  }

  async #run(fn: ResourceScope, c: DatabaseCall): Promise<HostReply> {
    // The reference comes back from the worker that was given it; still, only this function's scope is served.
    if (c.op !== 'dbOpen' && (c.db.project !== fn.project || c.db.application !== fn.application))
      return { ok: false, errno: Errno.DatabaseNotFound, log: `database ${c.db.name} is not one of ${fn.name}'s` }
    switch (c.op) {
      case 'dbOpen': {
        const db = await this.#resolve(fn, c.matcher)
        if (typeof db === 'string') return { ok: false, errno: Errno.DatabaseCreateFailed, log: db }
        return { ok: true, db }
      }
      case 'dbGet': {
        const { replica, version } = await this.#replicas.versioned(c.db)
        const data = replica.get(c.key)
        if (data === undefined)
          return { ok: false, errno: Errno.DatabaseKeyNotFound, log: `database ${c.db.name} has no key "${c.key}"` }
        return version === undefined ? { ok: true, data } : { ok: true, data, version }
      }
      case 'dbPut':
        await this.#replicas.write(c.db, c.key, c.data)
        return { ok: true }
      case 'dbDelete':
        await this.#replicas.write(c.db, c.key, undefined)
        return { ok: true }
      case 'dbList': {
        const { replica, version } = await this.#replicas.versioned(c.db)
        const keys = replica.list(c.prefix)
        return version === undefined ? { ok: true, keys } : { ok: true, keys, version }
      }
    }
  }

  /** The database `matcher` opens for `fn`, or why there is none. */
  #resolve(fn: ResourceScope, matcher: string): Promise<DatabaseRef | string> {
    const key = `${fn.project}\0${fn.application}\0${matcher}`
    const now = Date.now()
    const hit = this.#found.get(key)
    if (hit !== undefined && now - hit.at < FunctionDatabases.MAX_AGE_MS) return hit.db
    if (this.#found.size >= FunctionDatabases.MAX_CACHED) this.#found.clear()
    const db = this.#lookup(fn, matcher)
    this.#found.set(key, { at: now, db })
    db.catch(() => this.#found.delete(key))
    return db
  }

  async #lookup(fn: ResourceScope, matcher: string): Promise<DatabaseRef | string> {
    const cfg = await findResource(this.#tns, this.#branch(), fn, 'databases', matcher)
    if (typeof cfg === 'string') return cfg
    const name = typeof cfg.name === 'string' ? cfg.name : String(cfg.match)
    const size = typeof cfg.size === 'number' ? cfg.size : 0
    return { project: fn.project, application: fn.application, match: matcher, name, size }
  }
}
