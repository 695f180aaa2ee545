/**
 * Reads a checked-out config repo into memory. The compiler itself is pure (files in, objects out),
 * which keeps it testable with literal maps; this is the only part that touches the disk.
 */
import { readdir, readFile } from 'node:fs/promises'
import { join } from 'node:path'

/** Relative posix path → file text, for every regular file under `dir` except `.git/`. */
export async function readTree(dir: string): Promise<Map<string, string>> {
  const out = new Map<string, string>()
  const walk = async (abs: string, rel: string): Promise<void> => {
    const entries = await readdir(abs, { withFileTypes: true })
    // Sorted so the map's iteration order (and therefore error order) is reproducible.
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    for (const e of entries) {
      if (e.name === '.git') continue
      const childRel = rel === '' ? e.name : `${rel}/${e.name}`
      if (e.isDirectory()) await walk(join(abs, e.name), childRel)
      else if (e.isFile()) out.set(childRel, await readFile(join(abs, e.name), 'utf8'))
    }
  }
  await walk(dir, '')
  return out
}
