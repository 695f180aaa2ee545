/**
 * Who is asking and what they may do. A principal is a user (by token) or a deploy key (by the sha256
 * of its secret); a deploy key only ever reaches its own repository.
 */
import type { DeployKeyRecord, RepoRecord, UserRecord } from './model.js'

export type Principal = { kind: 'user'; user: UserRecord } | { kind: 'key'; key: DeployKeyRecord }

export function canRead(repo: RepoRecord, p: Principal | undefined): boolean {
  if (!repo.private) return true
  if (p === undefined) return false
  return p.kind === 'user' ? isOwner(repo, p.user) : p.key.repoId === repo.id
}

export function canWrite(repo: RepoRecord, p: Principal | undefined): boolean {
  if (p === undefined) return false
  return p.kind === 'user' ? isOwner(repo, p.user) : p.key.repoId === repo.id && !p.key.readOnly
}

export function isOwner(repo: RepoRecord, user: UserRecord | undefined): boolean {
  return user !== undefined && user.login.toLowerCase() === repo.owner.toLowerCase()
}
