import fs from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import git from 'isomorphic-git'
import http from 'isomorphic-git/http/node'

export interface GitIdentity {
  login: string
  token: string
}

/** How often an edit is redone on a branch that moved under it (another `dream new function` pushed first). */
const PUSH_ATTEMPTS = 8

/**
 * A throw-away checkout, the CLI's stand-in for the console's in-browser clone: clone (or init, for a new empty
 * repository), let the caller change files, commit everything and push to main. When someone else pushed in the
 * meantime, the push is refused as not a fast-forward: the whole edit is redone on a fresh clone, so parallel
 * edits of one project all land (an edit that conflicts, such as the same function twice, fails in `edit`).
 */
export async function editRepo(
  url: string,
  who: GitIdentity,
  message: string,
  edit: (dir: string) => Promise<void>,
  o: { fresh?: boolean } = {}
): Promise<string> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await editOnce(url, who, message, edit, o)
    } catch (err) {
      const code = (err as { code?: unknown }).code
      const moved = code === 'PushRejectedError' || code === 'GitPushError'
      if (!moved || o.fresh === true || attempt >= PUSH_ATTEMPTS) throw err
      // Spread the retries of parallel editors so that they do not collide again.
      await new Promise(resolve => setTimeout(resolve, Math.random() * 20 * attempt))
    }
  }
}

async function editOnce(
  url: string,
  who: GitIdentity,
  message: string,
  edit: (dir: string) => Promise<void>,
  o: { fresh?: boolean }
): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'dream-console-'))
  const onAuth = (): { username: string; password: string } => ({ username: who.login, password: who.token })
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
