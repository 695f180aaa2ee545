/**
 * What a function build may read: the regular files of its own folder, reached without a symbolic link. A link (or
 * a device, a FIFO, a socket) anywhere in the folder, or on the way from the repository's root to it, fails the
 * build before a compiler opens anything: compilers follow links, and a link can name any file the daemon can
 * read, whose lines a compile error would then print in the job log. A website's build leaves links out of its
 * archive for the same reason (src/services/monkey/website-build.ts); a function's source has no use for one.
 */
import type { Dirent } from 'node:fs'
import { lstat, readdir } from 'node:fs/promises'
import { join } from 'node:path'
import { BuildError } from '../shared/errors.js'

/**
 * Throws BUILD_SOURCE_LINK naming the first entry of `dir` that is not a directory or a regular file (`.git`
 * aside); else returns the paths of its regular files. `sourcePrefix`: the folder's path in its repository
 * (`functions/kv`); when `dir` ends with it, each folder on that path is checked too, so that `functions` cannot
 * be a link out of the repository.
 */
export async function checkSourceTree(dir: string, sourcePrefix?: string): Promise<string[]> {
  const label = sourcePrefix ?? ''
  const named = (rel: string): string => (label === '' ? rel : `${label}/${rel}`)
  if (sourcePrefix !== undefined && dir.endsWith(`/${sourcePrefix}`)) {
    const root = dir.slice(0, -sourcePrefix.length - 1)
    const parts = sourcePrefix.split('/')
    for (let i = 1; i <= parts.length; i++) {
      const rel = parts.slice(0, i).join('/')
      const s = await lstat(join(root, rel))
      if (!s.isDirectory()) refuse(rel, s.isSymbolicLink())
    }
  }
  const files: string[] = []
  const walk = async (rel: string): Promise<void> => {
    const entries: Dirent[] = await readdir(join(dir, rel), { withFileTypes: true })
    for (const e of entries.sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const r = rel === '' ? e.name : `${rel}/${e.name}`
      if (e.isDirectory()) {
        if (e.name !== '.git') await walk(r)
      } else if (e.isFile()) files.push(r)
      else refuse(named(r), e.isSymbolicLink())
    }
  }
  await walk('')
  return files
}

function refuse(path: string, link: boolean): never {
  throw new BuildError(
    'BUILD_SOURCE_LINK',
    link
      ? `${path} is a symbolic link: a build reads only the regular files of its repository; commit the file itself`
      : `${path} is not a regular file (a device, FIFO or socket): a build reads only regular files; remove it`
  )
}
