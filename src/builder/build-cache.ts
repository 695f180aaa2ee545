/**
 * Builds by content: the sha-256 of a function directory's files (names and bytes, `.git` left out) together
 * with what else decides the output (the compiler arguments and the SDK's files for AssemblyScript, the go
 * toolchain's version for Go, whose go.sum pins the modules). A function whose hash was built before is not
 * built again. Kept in memory up to MAX_BYTES of wasm, least recently used out first.
 */
import { createHash } from 'node:crypto'
import { readdir, readFile } from 'node:fs/promises'
import { join } from 'node:path'

const MAX_BYTES = 48 * 1024 * 1024

/** sha-256 over every file under `dir` (sorted by path), and `extra`. */
export async function hashTree(dir: string, extra: string[] = []): Promise<string> {
  const h = createHash('sha256')
  const files: string[] = []
  const walk = async (rel: string): Promise<void> => {
    for (const e of await readdir(join(dir, rel), { withFileTypes: true })) {
      const r = rel === '' ? e.name : `${rel}/${e.name}`
      if (e.isDirectory() && e.name !== '.git') await walk(r)
      else if (e.isFile()) files.push(r)
    }
  }
  await walk('')
  for (const f of files.sort()) {
    h.update(`${f}\0`)
    h.update(await readFile(join(dir, f)))
    h.update('\0')
  }
  for (const x of extra) h.update(`${x}\0`)
  return h.digest('hex')
}

export class BuildCache {
  readonly #entries = new Map<string, Uint8Array>()
  #bytes = 0

  get(hash: string): Uint8Array | undefined {
    const wasm = this.#entries.get(hash)
    if (wasm !== undefined) {
      this.#entries.delete(hash)
      this.#entries.set(hash, wasm)
    }
    return wasm
  }

  set(hash: string, wasm: Uint8Array): void {
    if (this.#entries.has(hash) || wasm.byteLength > MAX_BYTES) return
    this.#entries.set(hash, wasm)
    this.#bytes += wasm.byteLength
    for (const [k, v] of this.#entries) {
      if (this.#bytes <= MAX_BYTES) break
      this.#entries.delete(k)
      this.#bytes -= v.byteLength
    }
  }
}
