import { createHash } from 'node:crypto'
import { readdir, readFile, stat } from 'node:fs/promises'
import { join } from 'node:path'
import { InvalidInputError } from '../../shared/errors.js'

/** Most bytes of a config folder a local build reads into memory (a config is YAML files: kilobytes). */
const CONFIG_MAX_BYTES = 16 * 1024 * 1024
/** Most bytes of all the folders of a local build that are read to hash them into its commit id. */
const HASHED_MAX_BYTES = 512 * 1024 * 1024

/** What is left of a byte budget shared by the reads of one local build. */
interface Budget {
  left: number
  readonly max: number
  readonly what: string
}

/**
 * Every regular file under `dir` except `.git/` (links are not followed), in a stable order, each read whole
 * after its size is taken from the budget: a folder over the budget is refused before it is read.
 */
async function eachFile(
  dir: string,
  budget: Budget,
  visit: (rel: string, bytes: Buffer) => void,
  signal?: AbortSignal
): Promise<void> {
  const walk = async (abs: string, rel: string): Promise<void> => {
    const entries = await readdir(abs, { withFileTypes: true })
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    for (const e of entries) {
      signal?.throwIfAborted()
      if (e.name === '.git') continue
      const childRel = rel === '' ? e.name : `${rel}/${e.name}`
      const childAbs = join(abs, e.name)
      if (e.isDirectory()) await walk(childAbs, childRel)
      else if (e.isFile()) {
        budget.left -= (await stat(childAbs)).size
        if (budget.left < 0)
          throw new InvalidInputError(
            'LOCAL_BUILD_TOO_LARGE',
            `${budget.what} holds more than ${budget.max} bytes (at ${childAbs}); ` +
              'a local build reads at most that: remove what the build does not need (node_modules, outputs)'
          )
        visit(childRel, await readFile(childAbs))
      }
    }
  }
  await walk(dir, '')
}

/** Relative posix path → text of every file of a config folder, at most `maxBytes`. */
export async function readConfigTree(dir: string, maxBytes = CONFIG_MAX_BYTES): Promise<Map<string, string>> {
  const out = new Map<string, string>()
  const budget = { left: maxBytes, max: maxBytes, what: `the config folder ${dir}` }
  await eachFile(dir, budget, (rel, bytes) => out.set(rel, bytes.toString('utf8')))
  return out
}

/**
 * A git-like 40-hex id of every file (path and content) of the named folders, stable for the same folders:
 * a change in any of them (config, code, a library, a website) is a new commit. Folders that do not exist
 * count as empty. At most `maxBytes` are read.
 */
export async function foldersHash(
  folders: Record<string, string>,
  signal?: AbortSignal,
  maxBytes = HASHED_MAX_BYTES
): Promise<string> {
  const h = createHash('sha1')
  const budget = { left: maxBytes, max: maxBytes, what: 'the folders of the local build' }
  for (const [label, dir] of Object.entries(folders).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    if (
      !(await stat(dir).then(
        s => s.isDirectory(),
        () => false
      ))
    )
      continue
    await eachFile(
      dir,
      budget,
      (rel, bytes) => {
        h.update(`${label}/${rel}\0${bytes.byteLength}\0`)
        h.update(bytes)
      },
      signal
    )
  }
  return h.digest('hex')
}
