/**
 * Reads a checked-out config repo into memory. The compiler itself is pure (files in, objects out),
 * which keeps it testable with literal maps; this is the only part that touches the disk.
 */
import { readdir, readFile, stat } from 'node:fs/promises'
import { join } from 'node:path'
import { ConfigBuildError, ConfigErrorCodes } from './issues.js'
import { CONFIG_LIMITS } from './limits.js'

/**
 * Relative posix path → file text, for every YAML file (`*.yaml`, all the compiler reads) under `dir` except
 * `.git/`. Their sizes are added up before each is read: past `maxBytes` the repository is refused
 * (CONFIG_TOO_LARGE) without reading the rest.
 */
export async function readTree(dir: string, maxBytes = CONFIG_LIMITS.inputBytes): Promise<Map<string, string>> {
  const out = new Map<string, string>()
  let total = 0
  const walk = async (abs: string, rel: string): Promise<void> => {
    const entries = await readdir(abs, { withFileTypes: true })
    // Sorted so the map's iteration order (and therefore error order) is reproducible.
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    for (const e of entries) {
      if (e.name === '.git') continue
      const childRel = rel === '' ? e.name : `${rel}/${e.name}`
      const path = join(abs, e.name)
      if (e.isDirectory()) await walk(path, childRel)
      else if (e.isFile() && e.name.endsWith('.yaml')) {
        total += (await stat(path)).size
        if (total > maxBytes) throw tooLarge(childRel, maxBytes)
        out.set(childRel, await readFile(path, 'utf8'))
      }
    }
  }
  await walk(dir, '')
  return out
}

function tooLarge(at: string, max: number): ConfigBuildError {
  return new ConfigBuildError([
    {
      code: ConfigErrorCodes.tooLarge,
      file: at,
      problem:
        `the config's YAML files are over ${max} bytes together by this one, more than a config may hold: ` +
        'keep large data out of the config repository'
    }
  ])
}
