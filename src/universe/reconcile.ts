import type { GitHost } from '../githost/index.js'
import type { P2PNode } from '../p2p/node.js'
import { PatrickClient } from '../services/patrick/client.js'
import type { Directory } from '../p2p/directory.js'

/**
 * Finds the pushes a kept universe never built (a `git push` acknowledged just before the daemon was killed, so
 * its webhook was never delivered): every branch head of a repository with a push hook that no patrick job names
 * is announced to its hooks again, which makes its job. Returns `owner/name@branch` of each one announced.
 */
export async function announceUnbuiltPushes(git: GitHost, node: P2PNode, directory: Directory): Promise<string[]> {
  const jobs = await new PatrickClient(node, directory).jobs()
  const built = new Set(jobs.map(j => `${j.Meta.Repository.id} ${j.Meta.ref} ${j.Meta.after}`))
  const announced: string[] = []
  for (const { repo, branch, sha } of await git.hookedHeads()) {
    if (built.has(`${repo.id} refs/heads/${branch} ${sha}`)) continue
    await git.announce(repo, branch)
    announced.push(`${repo.owner}/${repo.name}@${branch}`)
  }
  return announced
}
