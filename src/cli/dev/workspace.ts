import { existsSync } from 'node:fs'
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { GitOut } from './git.js'

type Git = (...args: string[]) => Promise<GitOut>

/**
 * Makes `dir` a clone of `url` on `branch`: an empty or missing folder is cloned into; a clone is used as it is;
 * a plain tree (files from elsewhere) becomes a checkout of the repository whose changes are the tree's files.
 * Returns how it went, for the user.
 */
export async function ensureClone(
  dir: string,
  url: string,
  branch: string,
  git: (cwd: string) => Git
): Promise<string> {
  if (existsSync(join(dir, '.git'))) return 'a clone already'
  const entries = existsSync(dir) ? await readdir(dir) : []
  if (entries.length === 0) {
    await mkdir(dir, { recursive: true })
    await git(join(dir, '..'))('clone', '-q', '--branch', branch, url, dir)
    return 'cloned'
  }
  const g = git(dir)
  await g('init', '-q')
  await g('remote', 'add', 'origin', url)
  await g('fetch', '-q', 'origin', branch)
  // The files stay as they are; the index and HEAD become the repository's, so the tree's files are the changes.
  await g('reset', '-q', `origin/${branch}`)
  await g('branch', '-q', '--set-upstream-to', `origin/${branch}`)
  return 'adopted (its files will be pushed)'
}

/** A config tree from elsewhere carries another project's id: the project's own id goes in its config.yaml. */
export async function keepProjectId(configDir: string, projectId: string): Promise<boolean> {
  const file = join(configDir, 'config.yaml')
  const text = await readFile(file, 'utf8').catch(() => undefined)
  if (text === undefined) return false
  const fixed = text.replace(/^id:.*$/m, `id: ${projectId}`)
  if (fixed === text) return false
  await writeFile(file, fixed)
  return true
}
