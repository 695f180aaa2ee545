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
  const commit = o.commit ?? ''
  // With a commit to check out, the branch head is not checked out first (a repository of many functions has
  // hundreds of files to write twice).
  const noCheckout = commit !== ''
  await git.clone({ fs, http, dir: o.dir, url: o.url, ref: o.branch, singleBranch: true, noCheckout, onAuth })
  if (commit !== '') {
    await git.checkout({ fs, dir: o.dir, ref: commit, force: true })
    return commit
  }
  return await git.resolveRef({ fs, dir: o.dir, ref: 'HEAD' })
}
