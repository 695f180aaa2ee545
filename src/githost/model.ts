/**
 * Persisted records of the git host and their GitHub-shaped JSON views. Records are what the JSON db
 * stores; views are what the REST API and webhook payloads show (never secrets, never token hashes).
 */

export interface UserRecord {
  login: string
  id: number
  /** Kept in clear because createUser is idempotent and must hand the same token back. */
  token: string
  createdAt: number
}

export interface RepoRecord {
  id: number
  owner: string
  name: string
  private: boolean
  description: string | null
  defaultBranch: string
  createdAt: number
  /** Unix seconds of the last push; bumped so that it strictly increases per repo. */
  pushedAt: number
}

export interface HookRecord {
  id: number
  repoId: number
  url: string
  secret: string
  contentType: 'json' | 'form'
  events: string[]
  active: boolean
  createdAt: number
}

export interface DeployKeyRecord {
  id: number
  repoId: number
  title: string
  /** sha256 hex of the caller-chosen secret; the secret itself is never stored. */
  keyHash: string
  readOnly: boolean
  createdAt: number
}

/** The public face of a user, as returned by createUser (with its token). */
export interface User {
  login: string
  id: number
  token: string
}

export function emailOf(login: string): string {
  return `${login}@users.noreply.dream.local`
}

export function userJson(u: UserRecord): object {
  return { login: u.login, id: u.id, type: 'User', name: u.login, email: emailOf(u.login), company: null }
}

function ownerJson(login: string, id: number): { login: string; id: number; type: string } {
  return { login, id, type: 'User' }
}

/** `base` is the host url (http://127.0.0.1:port); clone_url and ssh_url are both plain http git urls. */
export function repoJson(r: RepoRecord, ownerId: number, base: string): Record<string, unknown> {
  const cloneUrl = `${base}/${r.owner}/${r.name}.git`
  return {
    id: r.id,
    node_id: `R_${r.id}`,
    name: r.name,
    full_name: `${r.owner}/${r.name}`,
    private: r.private,
    description: r.description,
    fork: false,
    html_url: `${base}/${r.owner}/${r.name}`,
    url: `${base}/repos/${r.owner}/${r.name}`,
    clone_url: cloneUrl,
    git_url: cloneUrl,
    ssh_url: cloneUrl,
    default_branch: r.defaultBranch,
    visibility: r.private ? 'private' : 'public',
    created_at: new Date(r.createdAt).toISOString(),
    pushed_at: r.pushedAt > 0 ? new Date(r.pushedAt * 1000).toISOString() : null,
    owner: ownerJson(r.owner, ownerId)
  }
}

export function hookJson(h: HookRecord, base: string, full: string): object {
  return {
    type: 'Repository',
    id: h.id,
    name: 'web',
    active: h.active,
    events: h.events,
    // GitHub masks the secret; we leave it out entirely.
    config: { url: h.url, content_type: h.contentType, insecure_ssl: '0' },
    created_at: new Date(h.createdAt).toISOString(),
    updated_at: new Date(h.createdAt).toISOString(),
    url: `${base}/repos/${full}/hooks/${h.id}`,
    test_url: `${base}/repos/${full}/hooks/${h.id}/tests`
  }
}

export function keyJson(k: DeployKeyRecord): object {
  return {
    id: k.id,
    title: k.title,
    read_only: k.readOnly,
    verified: true,
    created_at: new Date(k.createdAt).toISOString()
  }
}
