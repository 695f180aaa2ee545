import { join } from 'node:path'
import { JsonStore } from '../../shared/json-store.js'

/** Entries kept; past it the least recently used go first (an entry is ~150 bytes of JSON). */
const MAX_ENTRIES = 10_000

interface Entry {
  cid: string
  /** When a job last built or reused it (ms since the epoch): what the pruning goes by. */
  at: number
}

/**
 * What monkey has built: a function's content key (FunctionBuilder.contentKey) → the CID of the module a build of
 * it gave, stored in hoarder. A job whose function has a known key, and whose CID a hoarder still holds, neither
 * builds nor stashes it again. Kept in `builds.json` under the monkey's root, so it outlives a restart of the
 * daemon with `--keep`; private like every state file (json-store.ts).
 */
export class BuildIndex {
  readonly #store: JsonStore<Entry>

  constructor(root: string) {
    this.#store = new JsonStore<Entry>(join(root, 'builds.json'))
  }

  async open(): Promise<void> {
    await this.#store.open()
  }

  async close(): Promise<void> {
    await this.#store.close()
  }

  /** The CID of the module built for `key`, if any. */
  cidOf(key: string): string | undefined {
    return this.#store.get(key)?.cid
  }

  /** Records the module's CID of each content key (and marks it as just used). */
  async remember(published: Array<{ key: string; cid: string }>): Promise<void> {
    if (published.length === 0) return
    const at = Date.now()
    await this.#store.setMany(published.map(p => [p.key, { cid: p.cid, at }]))
    const all = this.#store.entries()
    if (all.length <= MAX_ENTRIES) return
    const oldest = all.sort(([, a], [, b]) => a.at - b.at).slice(0, all.length - MAX_ENTRIES)
    for (const [key] of oldest) await this.#store.delete(key)
  }
}
