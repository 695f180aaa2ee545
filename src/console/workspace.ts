import fs from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import git from 'isomorphic-git'
import http from 'isomorphic-git/http/node'

export interface GitIdentity { login: string, token: string }

/**
 * A throw-away checkout, the CLI's stand-in for the console's in-browser clone: clone (or init, for a new empty
 * repository), let the caller change files, commit everything and push to main.
 */
export async function editRepo (url: string, who: GitIdentity, message: string, edit: (dir: string) => Promise<void>, o: { fresh?: boolean } = {}): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'dream-console-'))
  const onAuth = (): { username: string, password: string } => ({ username: who.login, password: who.token })
  try {
    if (o.fresh === true) await git.init({ fs, dir, defaultBranch: 'main' })
    else await git.clone({ fs, http, dir, url, ref: 'main', singleBranch: true, onAuth })
    await edit(dir)
    // add('.') records new and changed files; removed ones need git.remove.
    await git.add({ fs, dir, filepath: '.' })
    for (const [filepath, , workdir] of await git.statusMatrix({ fs, dir })) {
      if (workdir === 0) await git.remove({ fs, dir, filepath })
    }
    const author = { name: who.login, email: `${who.login}@users.noreply.dream.local` }
    const sha = await git.commit({ fs, dir, message, author })
    await git.push({ fs, http, dir, url, ref: 'main', remoteRef: 'main', onAuth })
    return sha
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
}
