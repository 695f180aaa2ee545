import { randomBytes } from 'node:crypto'
import { readdir, readFile, rename, rm, stat } from 'node:fs/promises'
import { join } from 'node:path'
import { cidOf } from '../../../shared/cid.js'
import { mkdirPrivate, writeFilePrivate } from '../../../shared/private-fs.js'

export interface ModuleBytesOptions {
  /** Where the copies live (this substrate's own folder). */
  dir: string
  /** The bytes of a CID from elsewhere (a hoarder, which checks them against the CID). */
  fetch: (cid: string) => Promise<Uint8Array>
  /** What the copies may add up to on disk; default 512 MiB (about 150 Go modules). */
  maxBytes?: number
}

/**
 * The wasm of the modules this substrate fetched, kept on its disk by CID, so that a module the module cache
 * evicted (modules.ts holds only a few Go modules) is read back from a file instead of fetched from a hoarder
 * again: a 3.3 MB Go module takes a hoarder 70–250 ms to send (base64 over a p2p stream, on the thread that
 * serves requests), the file 2–3 ms. A CID is a content address, so a copy never goes stale; each read is checked
 * against its CID all the same (a damaged file is fetched again). Bounded by size, least recently used out first.
 */
export class ModuleBytes {
  readonly #o: ModuleBytesOptions
  readonly #maxBytes: number
  /** CID → size of the copies on disk, least recently used first; read from the folder on first use. */
  #files: Map<string, number> | undefined
  #opening: Promise<Map<string, number>> | undefined
  #bytes = 0
  readonly #fetching = new Map<string, Promise<Uint8Array>>()

  constructor(o: ModuleBytesOptions) {
    this.#o = o
    this.#maxBytes = o.maxBytes ?? 512 * 1024 * 1024
  }

  /** Whether a copy of `cid` is on disk (unchecked). */
  async has(cid: string): Promise<boolean> {
    return (await this.#index()).has(cid)
  }

  /** The module's bytes: the copy on disk when it is whole, else fetched (and kept). */
  async get(cid: string): Promise<Uint8Array> {
    const files = await this.#index()
    if (files.has(cid)) {
      const kept = await this.#read(cid)
      if (kept !== undefined) return kept
    }
    const running = this.#fetching.get(cid)
    if (running !== undefined) return await running
    const p = this.#fetchAndKeep(cid).finally(() => this.#fetching.delete(cid))
    this.#fetching.set(cid, p)
    return await p
  }

  async #read(cid: string): Promise<Uint8Array | undefined> {
    const files = await this.#index()
    try {
      const buf = await readFile(this.#path(cid))
      const bytes = new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength)
      if ((await cidOf(bytes)) === cid) {
        const size = files.get(cid) ?? bytes.byteLength
        files.delete(cid)
        files.set(cid, size) // most recently used last
        return bytes
      }
    } catch {}
    // Gone or damaged: forgotten, and fetched again by the caller.
    await this.#drop(cid)
    return undefined
  }

  async #fetchAndKeep(cid: string): Promise<Uint8Array> {
    const bytes = await this.#o.fetch(cid)
    // Only a speed-up: a copy that cannot be written is fetched again next time.
    await this.#keep(cid, bytes).catch(() => {})
    return bytes
  }

  async #keep(cid: string, bytes: Uint8Array): Promise<void> {
    const files = await this.#index()
    if (files.has(cid) || bytes.byteLength > this.#maxBytes) return
    await mkdirPrivate(this.#o.dir)
    // Written aside and renamed into place: a reader sees the whole file or none.
    const tmp = join(this.#o.dir, `.${cid}.${randomBytes(4).toString('hex')}`)
    await writeFilePrivate(tmp, bytes)
    await rename(tmp, this.#path(cid)).catch(async (err: unknown) => {
      await rm(tmp, { force: true })
      throw err
    })
    if (files.has(cid)) return
    files.set(cid, bytes.byteLength)
    this.#bytes += bytes.byteLength
    for (const [old] of files) {
      if (this.#bytes <= this.#maxBytes) break
      if (old !== cid) await this.#drop(old)
    }
  }

  async #drop(cid: string): Promise<void> {
    const files = await this.#index()
    const size = files.get(cid)
    if (size !== undefined) {
      files.delete(cid)
      this.#bytes -= size
    }
    await rm(this.#path(cid), { force: true })
  }

  #path(cid: string): string {
    return join(this.#o.dir, `${cid}.wasm`)
  }

  /** The copies on disk (left by an earlier run of this node, or none), oldest first by modification time. */
  async #index(): Promise<Map<string, number>> {
    if (this.#files !== undefined) return this.#files
    this.#opening ??= this.#scan().then(files => {
      this.#files = files
      for (const size of files.values()) this.#bytes += size
      return files
    })
    return await this.#opening
  }

  async #scan(): Promise<Map<string, number>> {
    const found: Array<{ cid: string; size: number; at: number }> = []
    const names = await readdir(this.#o.dir).catch(() => [] as string[])
    for (const name of names) {
      const p = join(this.#o.dir, name)
      if (name.startsWith('.')) {
        await rm(p, { force: true }) // a write cut short by a stop
        continue
      }
      if (!name.endsWith('.wasm')) continue
      const s = await stat(p).catch(() => undefined)
      if (s?.isFile() === true) found.push({ cid: name.slice(0, -'.wasm'.length), size: s.size, at: s.mtimeMs })
    }
    return new Map(found.sort((a, b) => a.at - b.at).map(f => [f.cid, f.size]))
  }
}
