// Lines of at most 120 characters in the project's own code. Biome's formatter wraps code at 120 but leaves long
// strings and comments as they are, and Biome has no rule for line length, so this check covers what it cannot.
// Usage: node .lint/max-line-length.mjs (from the repository root; `npm run lint` runs it).
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'

const MAX = 120
const ROOTS = ['bin', 'src', 'test', 'fixtures', 'bench', '.lint']
/** AssemblyScript test inputs are data, not the project's code. */
const SKIP = ['test/data/']
const CODE = /\.(ts|js|mjs)$/

const long = []
for (const root of ROOTS) {
  for (const entry of readdirSync(root, { recursive: true, withFileTypes: true })) {
    const file = join(entry.parentPath ?? entry.path, entry.name)
    if (!entry.isFile() || !CODE.test(file) || SKIP.some(s => file.startsWith(s))) continue
    const lines = readFileSync(file, 'utf8').split('\n')
    for (const [i, line] of lines.entries()) {
      const length = [...line].length
      if (length > MAX) long.push(`${file}:${i + 1}: ${length} characters`)
    }
  }
}

for (const l of long) console.error(l)
if (long.length > 0) {
  console.error(`${long.length} line(s) longer than ${MAX} characters: split the string or the comment`)
  process.exit(1)
}
