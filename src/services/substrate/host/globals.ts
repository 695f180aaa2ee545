/**
 * The global values functions reach (go-sdk `globals/*`, tau's substrate `Database.Global`): one key/value
 * database per project on the hoarders, of a fixed size (tau's 1,000,000 bytes), that needs no `databases/`
 * resource. A name is kept under `/<application>/<function id>/<name>`, with the application and the function
 * only when the guest scopes it so, as tau keys them. Its matcher has a NUL, which no function's matcher may have
 * (resource-match.ts), so no database resource of the project can open it.
 */
import { posix } from 'node:path'
import { DreamError, errorMessage } from '../../../shared/errors.js'
import type { DatabaseRef } from '../../../shared/database-ref.js'
import type { HoarderClient } from '../../hoarder/client.js'
import { Errno } from '../../../vm/errno.js'
import type { HostReply } from '../../../vm/host-calls.js'
import type { GlobalCall } from '../../../vm/host-globals.js'
import type { FunctionRecord, HostPart } from './host-part.js'

const GLOBAL_BYTES = 1_000_000

export class FunctionGlobals implements HostPart<GlobalCall> {
  readonly #hoarder: HoarderClient

  constructor(hoarder: HoarderClient) {
    this.#hoarder = hoarder
  }

  /** A global value host call of a function. */
  async answer(c: GlobalCall, fn: Pick<FunctionRecord, 'id' | 'project' | 'application'>): Promise<HostReply> {
    const db: DatabaseRef = {
      project: fn.project,
      application: '',
      match: '\0global',
      name: 'global',
      size: GLOBAL_BYTES
    }
    const key = posix.join('/', c.application ? fn.application : '', c.function ? fn.id : '', c.name)
    try {
      if (c.op === 'globalPut') {
        await this.#hoarder.dbPut(db, key, c.data)
        return { ok: true }
      }
      try {
        return { ok: true, data: await this.#hoarder.dbGet(db, key) }
      } catch (err) {
        if (!(err instanceof DreamError && err.code === 'DATABASE_KEY_NOT_FOUND')) throw err
        if (!c.create) return { ok: false, errno: Errno.DatabaseKeyNotFound, log: `no global value ${key}` }
        await this.#hoarder.dbPut(db, key, new Uint8Array(0))
        return { ok: true, data: new Uint8Array(0) }
      }
    } catch (err) {
      return { ok: false, log: `${c.op} ${key} failed: ${errorMessage(err)}` }
    }
  }
}
