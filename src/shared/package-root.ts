import { existsSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

/** The package's root directory (where templates/ ships), found from this file whether run from src or dist. */
export function packageRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url))
  while (!existsSync(join(dir, 'package.json')) || !existsSync(join(dir, 'templates'))) {
    const up = dirname(dir)
    if (up === dir) throw new Error('cannot find the dream package root (package.json next to templates/)')
    dir = up
  }
  return dir
}
