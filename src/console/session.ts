import { jsonAnswer } from '../shared/http-answer.js'

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
  return (await jsonAnswer(res, {
    request: `${method} ${base} ${path}`,
    fallback: 'CONSOLE_ERROR',
    byStatus: { 401: 'CONSOLE_AUTH', 404: 'NOT_FOUND', 409: 'CONFLICT' }
  })) as T
}

/** A clone URL with the user's credentials in it, so that `git clone <url>` works as printed. */
export function withCredentials(s: ConsoleSession, url: string): string {
  const u = new URL(url)
  u.username = s.login
  u.password = s.token
  return u.toString()
}
