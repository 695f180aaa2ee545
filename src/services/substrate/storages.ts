/**
 * The storages functions reach (tau's substrate storage component): `storageNew`/`storageGet(matcher)` find the
 * `storages/` resource of the function's project (or application) as databases are found (resource-match.ts).
 * A file's content goes to the hoarders by content id (HoarderClient.stash); its index is a hoarder database of
 * the storage instance, with tau's keys: `v/<file>` its latest version, `/file/<file>/<version>` the content id,
 * `s/<file>/<version>` the size. So every substrate of the universe sees the same files. The sizes of the
 * versions kept count against the resource's size, and the content a project stored against PROJECT_CONTENT_BYTES:
 * each is the charge of an index entry (`s/<file>/<version>`; `/<cid>` in the project's content index), which the
 * owning hoarder checks before the bytes are stashed (database-store.ts), so two substrates together cannot go
 * over either bound, and an add asks the hoarders the same few things however many files the storage has. A
 * deleted version's content stays with the hoarders, which keep blobs by content id for whoever else holds the
 * same bytes, and so stays counted against its project. A function's content (go-sdk `storage.Create`,
 * `storage.Open`) is such a blob with no storage around it: pushed to and read from the hoarders by content id.
 * A function opens only content its own project stored (a content pushed or a file added, listed in the project's
 * content index): the hoarders also hold other projects' files and every function's module, and a content id is
 * no secret once it has been shown to anyone.
 */
import { cidOf } from '../../shared/cid.js'
import { DreamError, errorMessage } from '../../shared/errors.js'
import type { DatabaseRef } from '../../shared/database-ref.js'
import type { StorageRef } from '../../shared/storage-ref.js'
import type { HoarderClient } from '../hoarder/client.js'
import type { TnsClient } from '../tns/client.js'
import { Errno } from '../../vm/errno.js'
import type { HostReply } from '../../vm/host-calls.js'
import type { StorageCall } from '../../vm/host-storage.js'
import type { ContentCall } from '../../vm/host-storage-content.js'
import type { HostPart } from './host-part.js'
import { findResource, type Scope } from './resource-match.js'

/** Bytes the file index of one storage may take (names, content ids and sizes: small beside the files). */
const INDEX_BYTES = 16 * 1024 * 1024
/** Bytes the content index of one project may take (a size per content id its functions stored). */
const CONTENTS_BYTES = 16 * 1024 * 1024
/**
 * Bytes of content one project may keep on the hoarders: its files of every storage and the contents its functions
 * pushed, each distinct content counted once, deleted or not (the hoarders keep every blob).
 */
const PROJECT_CONTENT_BYTES = 1024 * 1024 * 1024
const text = (b: Uint8Array): string => Buffer.from(b).toString('utf8')
const bytes = (s: string): Uint8Array => new Uint8Array(Buffer.from(s, 'utf8'))
const fail = (errno: number, log: string): HostReply => ({ ok: false, errno, log })

export class FunctionStorages implements HostPart<StorageCall | ContentCall> {
  readonly #tns: TnsClient
  readonly #hoarder: HoarderClient
  readonly #branch: () => string
  readonly #projectBytes: number
  /** One write at a time per storage instance on this substrate (a version number is read, then written). */
  readonly #writing = new Map<string, Promise<unknown>>()

  /** `projectBytes`: the bound of a project's content (PROJECT_CONTENT_BYTES unless a test gives a smaller one). */
  constructor(tns: TnsClient, hoarder: HoarderClient, branch: () => string, projectBytes = PROJECT_CONTENT_BYTES) {
    this.#tns = tns
    this.#hoarder = hoarder
    this.#branch = branch
    this.#projectBytes = projectBytes
  }

  /** A storage or content host call of a function. */
  async answer(c: StorageCall | ContentCall, fn: Scope): Promise<HostReply> {
    try {
      return await this.#run(fn, c)
    } catch (err) {
      return { ok: false, log: `${c.op} failed: ${errorMessage(err)}` }
    }
  }

  async #run(fn: Scope, c: StorageCall | ContentCall): Promise<HostReply> {
    // The reference comes back from the worker that was given it; still, only this function's scope is served.
    if (c.op === 'stContentGet') {
      const known = await this.#read(contents(fn.project), `/${c.cid}`)
      const data = known === undefined ? undefined : await this.#hoarder.get(c.cid).catch(() => undefined)
      if (data !== undefined) return { ok: true, data }
      return fail(Errno.CidNotFound, `project ${fn.project} stored no content ${c.cid} that a hoarder still holds`)
    }
    if (c.op === 'stContentPush') {
      const cid = await this.#stash(fn.project, c.data)
      return typeof cid === 'string' ? { ok: true, cid } : cid
    }
    if (c.op !== 'stOpen' && (c.st.project !== fn.project || c.st.application !== fn.application))
      return fail(Errno.StorageNotFound, `storage ${c.st.name} is not one of ${fn.name}'s`)
    switch (c.op) {
      case 'stOpen': {
        const cfg = await findResource(this.#tns, this.#branch(), fn, 'storages', c.matcher)
        if (typeof cfg === 'string') return { ok: false, log: cfg }
        const name = typeof cfg.name === 'string' ? cfg.name : String(cfg.match)
        const size = typeof cfg.size === 'number' ? cfg.size : 0
        const { project, application } = fn
        return {
          ok: true,
          storage: { project, application, match: c.matcher, name, size, versioning: cfg.versioning === true }
        }
      }
      case 'stAdd':
        return await this.#serial(c.st, () => this.#add(c.st, c.file, c.data, c.overwrite))
      case 'stRead': {
        const version = c.version === 0 ? await this.#latest(c.st, c.file) : c.version
        const cid = version === undefined ? undefined : await this.#get(c.st, `/file/${c.file}/${version}`)
        if (cid === undefined) return fail(Errno.StorageGetMetaFailed, `${c.st.name} has no file "${c.file}"`)
        return { ok: true, data: await this.#hoarder.get(text(cid)) }
      }
      case 'stDelete':
        return await this.#serial(c.st, () => this.#delete(c.st, c.file, c.all ? -1 : c.version))
      case 'stVersions': {
        const versions = await this.#versions(c.st, c.file)
        if (versions.length === 0) return fail(Errno.ListFileVersionsFailed, `${c.st.name} has no file "${c.file}"`)
        return { ok: true, keys: versions.map(String) }
      }
      case 'stFiles':
        return { ok: true, keys: await this.#hoarder.dbList(index(c.st), '/file/') }
      case 'stCurrent': {
        const latest = await this.#latest(c.st, c.file)
        if (latest === undefined) return fail(Errno.ListFileVersionsFailed, `${c.st.name} has no file "${c.file}"`)
        return { ok: true, number: latest }
      }
      case 'stUsed':
        return { ok: true, number: await this.#used(c.st) }
      case 'stCid': {
        const latest = await this.#latest(c.st, c.file)
        const cid = latest === undefined ? undefined : await this.#get(c.st, `/file/${c.file}/${latest}`)
        if (cid === undefined) return fail(Errno.StorageGetMetaFailed, `${c.st.name} has no file "${c.file}"`)
        return { ok: true, cid: text(cid) }
      }
    }
  }

  async #add(st: StorageRef, file: string, data: Uint8Array, overwrite: boolean): Promise<HostReply> {
    if (file === '' || file.includes('/'))
      return fail(Errno.AddFileFailed, `"${file}" is not a file name for ${st.name} (non-empty, without "/")`)
    const latest = await this.#latest(st, file)
    const version = !st.versioning || latest === undefined ? 1 : overwrite ? latest : latest + 1
    const old = await this.#get(st, `s/${file}/${version}`)
    if (old !== undefined && !overwrite)
      return fail(Errno.AddFileFailed, `${st.name} already has "${file}" (add it with overwrite, or delete it first)`)
    const db = index(st)
    const sizeKey = `s/${file}/${version}`
    // The size entry first: its owner refuses it when the storage's files would exceed its size.
    const full = await this.#charge(db, sizeKey, data.length, st.size, `storage ${st.name}: adding "${file}"`)
    if (full !== undefined) return full
    let cid: string | HostReply
    try {
      cid = await this.#stash(st.project, data)
    } catch (err) {
      cid = { ok: false, log: `stAdd failed: ${errorMessage(err)}` }
    }
    if (typeof cid !== 'string') {
      // Nothing half-done: the storage counts what it held before.
      if (old === undefined) await this.#hoarder.dbDelete(db, sizeKey)
      else await this.#hoarder.dbPut(db, sizeKey, old, { bytes: Number(text(old)), quota: Number.MAX_SAFE_INTEGER })
      return cid
    }
    await this.#hoarder.dbPut(db, `/file/${file}/${version}`, bytes(cid))
    await this.#hoarder.dbPut(db, `v/${file}`, bytes(String(version)))
    return { ok: true, number: version }
  }

  /**
   * Stores bytes on the hoarders and lists their content id as the project's own: listed first, charged against
   * the project's bound, so bytes over it never reach the hoarders. Answers the content id, or the failure.
   */
  async #stash(project: string, data: Uint8Array): Promise<string | HostReply> {
    const cid = await cidOf(data)
    const full = await this.#charge(contents(project), `/${cid}`, data.length, this.#projectBytes, `project ${project}`)
    if (full !== undefined) return full
    await this.#hoarder.stash(data)
    return cid
  }

  /**
   * Puts `key` (its value `n`, as text) charged `n` bytes against `quota` on the index's owner; answers
   * AddFileFailed when the owner refuses it for the quota (the log starts with `what`), or undefined.
   */
  async #charge(db: DatabaseRef, key: string, n: number, quota: number, what: string): Promise<HostReply | undefined> {
    try {
      await this.#hoarder.dbPut(db, key, bytes(String(n)), { bytes: n, quota })
      return undefined
    } catch (err) {
      if (!(err instanceof DreamError) || err.code !== 'STORAGE_FULL') throw err
      return fail(Errno.AddFileFailed, `${what}: ${errorMessage(err)}`)
    }
  }

  /** `version` 0 deletes the latest, -1 every version (tau's). */
  async #delete(st: StorageRef, file: string, version: number): Promise<HostReply> {
    const versions = await this.#versions(st, file)
    const gone = version === -1 ? versions : [version === 0 ? Math.max(...versions) : version]
    if (versions.length === 0 || !gone.every(v => versions.includes(v)))
      return fail(Errno.DeleteFileFailed, `${st.name} has no file "${file}"${version > 0 ? ` version ${version}` : ''}`)
    const db = index(st)
    for (const v of gone) {
      await this.#hoarder.dbDelete(db, `/file/${file}/${v}`)
      await this.#hoarder.dbDelete(db, `s/${file}/${v}`)
    }
    const left = versions.filter(v => !gone.includes(v))
    if (left.length === 0) await this.#hoarder.dbDelete(db, `v/${file}`)
    else await this.#hoarder.dbPut(db, `v/${file}`, bytes(String(Math.max(...left))))
    return { ok: true }
  }

  async #versions(st: StorageRef, file: string): Promise<number[]> {
    const prefix = `/file/${file}/`
    const keys = await this.#hoarder.dbList(index(st), prefix)
    return keys.map(k => Number(k.slice(prefix.length))).sort((a, b) => a - b)
  }

  async #latest(st: StorageRef, file: string): Promise<number | undefined> {
    const v = await this.#get(st, `v/${file}`)
    return v === undefined ? undefined : Number(text(v))
  }

  /** Bytes of the versions a storage keeps: one question to the index's owner, which sums their charges. */
  async #used(st: StorageRef): Promise<number> {
    return (await this.#hoarder.dbUsage(index(st))).charged
  }

  /** A key of the index, or undefined when absent. */
  async #get(st: StorageRef, key: string): Promise<Uint8Array | undefined> {
    return await this.#read(index(st), key)
  }

  async #read(db: DatabaseRef, key: string): Promise<Uint8Array | undefined> {
    try {
      return await this.#hoarder.dbGet(db, key)
    } catch (err) {
      if (err instanceof DreamError && err.code === 'DATABASE_KEY_NOT_FOUND') return undefined
      throw err
    }
  }

  #serial(st: StorageRef, run: () => Promise<HostReply>): Promise<HostReply> {
    const key = JSON.stringify([st.project, st.application, st.match])
    const next = (this.#writing.get(key) ?? Promise.resolve()).catch(() => undefined).then(run)
    this.#writing.set(key, next)
    void next
      .finally(() => {
        if (this.#writing.get(key) === next) this.#writing.delete(key)
      })
      .catch(() => undefined)
    return next
  }
}

/**
 * The hoarder database holding a storage's file index: the storage's scope with a matcher no database can have
 * (resource-match.ts refuses a function's matcher with a NUL), so a database of the same name is another instance.
 */
/** The content ids a project's functions stored, whichever storage or content they came through. */
function contents(project: string): DatabaseRef {
  return { project, application: '', match: '\0contents', name: 'contents', size: CONTENTS_BYTES }
}

function index(st: StorageRef): DatabaseRef {
  return {
    project: st.project,
    application: st.application,
    match: `\0storage\0${st.match}`,
    name: st.name,
    size: INDEX_BYTES
  }
}
