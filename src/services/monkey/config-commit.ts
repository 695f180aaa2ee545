/**
 * Which commit of the config repository a code commit is built against. Not the branch head: while functions
 * are being added (the config repository first, then the code repository, as `dream new function` commits them),
 * the head may list functions whose code comes in a later code commit, and the code job of an earlier commit
 * would fail for their missing source. The config that goes with a code commit is the newest config commit made
 * no later than it. Git times have one-second steps, so config commits of the same second as the code commit are
 * all candidates (newest first): callers step back over those that list sources the code commit lacks. An older
 * config is never chosen over a newer one for that reason: a function added to the config without its code
 * still fails the next code job.
 */
import fs from 'node:fs'
import git from 'isomorphic-git'

const MAX_CANDIDATES = 8

/** Config commits to try for `codeCommit`, best first; the branch head alone when none is older than it. */
export async function configCandidates(o: {
  configDir: string
  codeDir: string
  codeCommit: string
}): Promise<string[]> {
  const code = await git.readCommit({ fs, dir: o.codeDir, oid: o.codeCommit })
  const at = code.commit.committer.timestamp
  const history = await git.log({ fs, dir: o.configDir, ref: 'HEAD' })
  const older = history.filter(c => c.commit.committer.timestamp <= at)
  const first = older[0]
  if (first === undefined) return [history[0]?.oid ?? 'HEAD']
  const sameSecond = older.slice(1).filter(c => c.commit.committer.timestamp === at)
  return [first, ...sameSecond].slice(0, MAX_CANDIDATES).map(c => c.oid)
}

export async function checkoutCommit(dir: string, oid: string): Promise<void> {
  await git.checkout({ fs, dir, ref: oid, force: true })
}
