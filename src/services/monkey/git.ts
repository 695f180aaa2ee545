import fs from 'node:fs'
import git from 'isomorphic-git'
import http from 'isomorphic-git/http/node'

/**
 * Clones `url` at `branch` into `dir` with a deploy credential, then checks out `commit` when given (the pushed
 * commit, which may no longer be the branch head). Returns the commit checked out.
 */
export async function cloneAt(o: {
  url: string
  dir: string
  branch: string
  key: string
  commit?: string
}): Promise<string> {
  const onAuth = (): { username: string; password: string } => ({ username: 'deploy', password: o.key })
  await git.clone({ fs, http, dir: o.dir, url: o.url, ref: o.branch, singleBranch: true, onAuth })
  if (o.commit !== undefined && o.commit !== '') {
    await git.checkout({ fs, dir: o.dir, ref: o.commit, force: true })
    return o.commit
  }
  return await git.resolveRef({ fs, dir: o.dir, ref: 'HEAD' })
}
