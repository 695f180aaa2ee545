/** Builds GitHub's `push` event payload from a ref change and the commits git reports for it. */
import type { CommitInfo } from './commits.js'
import { emailOf, type RepoRecord } from './model.js'
import { ZERO_SHA } from './repo-fs.js'

export interface PushContext {
  base: string
  repo: RepoRecord
  ownerId: number
  branch: string
  before: string
  after: string
  commits: CommitInfo[]
  head: CommitInfo | undefined
  pusher: { login: string; id: number }
}

function commitJson(c: CommitInfo, base: string, full: string, distinct = true): object {
  return {
    id: c.id,
    tree_id: c.treeId,
    distinct,
    message: c.message,
    timestamp: c.author.date,
    url: `${base}/${full}/commit/${c.id}`,
    author: { name: c.author.name, email: c.author.email, username: c.author.name },
    committer: { name: c.committer.name, email: c.committer.email, username: c.committer.name },
    added: c.added,
    removed: c.removed,
    modified: c.modified
  }
}

export function pushPayload(x: PushContext): Record<string, unknown> {
  const { base, repo } = x
  const full = `${repo.owner}/${repo.name}`
  const cloneUrl = `${base}/${full}.git`
  const owner = { login: repo.owner, id: x.ownerId, name: repo.owner, email: emailOf(repo.owner), type: 'User' }
  return {
    ref: `refs/heads/${x.branch}`,
    before: x.before,
    after: x.after,
    created: x.before === ZERO_SHA,
    deleted: x.after === ZERO_SHA,
    forced: false,
    base_ref: null,
    compare: `${base}/${full}/compare/${x.before.slice(0, 12)}...${x.after.slice(0, 12)}`,
    commits: x.commits.map(c => commitJson(c, base, full)),
    head_commit: x.head === undefined ? null : commitJson(x.head, base, full),
    repository: {
      id: repo.id,
      node_id: `R_${repo.id}`,
      name: repo.name,
      full_name: full,
      private: repo.private,
      owner,
      html_url: `${base}/${full}`,
      description: repo.description,
      fork: false,
      url: `${base}/${full}`,
      created_at: Math.floor(repo.createdAt / 1000),
      pushed_at: repo.pushedAt,
      git_url: cloneUrl,
      ssh_url: cloneUrl,
      clone_url: cloneUrl,
      default_branch: repo.defaultBranch,
      master_branch: repo.defaultBranch,
      visibility: repo.private ? 'private' : 'public'
    },
    pusher: { name: x.pusher.login, email: emailOf(x.pusher.login) },
    sender: { login: x.pusher.login, id: x.pusher.id, type: 'User' }
  }
}
