/**
 * A function's content key: the sha-256 of its directory's files (names and bytes, `.git` left out) together with
 * what else decides the output (the compiler arguments and the SDK's files for AssemblyScript, the go toolchain's
 * version for Go, whose go.sum pins the modules). Two builds with the same key give the same module, so a build
 * whose key was built before is not built again (monkey's build index, src/services/monkey/build-index.ts).
 */
import { createHash } from 'node:crypto'
import { readdir, readFile } from 'node:fs/promises'
import { join } from 'node:path'

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
