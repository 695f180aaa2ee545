import { DreamError, UnauthorizedError, receivedCode } from '../shared/errors.js'

/** What the console needs to act for the user in one universe (from the daemon's `/console/:universe`). */
export interface ConsoleSession {
  universe: string
  fqdn: string
  git: string
  login: string
  token: string
  auth: string
}

/** A small JSON client for the git host's REST API and auth's HTTP API, with the user's token. */
export async function request<T>(
  s: ConsoleSession,
  base: 'git' | 'auth',
  method: string,
  path: string,
  body?: unknown
): Promise<T> {
  const res = await fetch(s[base] + path, {
    method,
    headers: {
      authorization: base === 'auth' ? `github ${s.token}` : `token ${s.token}`,
      ...(body !== undefined ? { 'content-type': 'application/json' } : {})
    },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {})
  })
  const text = await res.text()
  const parsed = text === '' ? null : (JSON.parse(text) as { error?: string; message?: string; code?: string })
  if (!res.ok) {
    const msg = parsed?.error ?? parsed?.message ?? `${method} ${path}: ${res.status}`
    if (res.status === 401) throw new UnauthorizedError('CONSOLE_AUTH', msg)
    const fallback = res.status === 404 ? 'NOT_FOUND' : res.status === 409 ? 'CONFLICT' : 'CONSOLE_ERROR'
    throw new DreamError(receivedCode(parsed?.code, fallback), msg)
  }
  return parsed as T
}

/** A clone URL with the user's credentials in it, so that `git clone <url>` works as printed. */
export function withCredentials(s: ConsoleSession, url: string): string {
  const u = new URL(url)
  u.username = s.login
  u.password = s.token
  return u.toString()
}
