import { readApiToken } from '../shared/api-token.js'
import { DreamError, receivedCode } from '../shared/errors.js'

/**
 * The CLI's client of the control API. Every command except `dream new multiverse` goes through it; a daemon
 * that is not running is one clear message, not a stack.
 */
export class ApiClient {
  readonly base: string
  readonly #port: number

  constructor(port: number) {
    this.#port = port
    this.base = `http://127.0.0.1:${port}`
  }

  async get<T>(path: string): Promise<T> {
    return await this.#request<T>('GET', path)
  }
  async post<T>(path: string, body: unknown = {}): Promise<T> {
    return await this.#request<T>('POST', path, body)
  }
  async delete<T>(path: string): Promise<T> {
    return await this.#request<T>('DELETE', path, {})
  }

  async #request<T>(method: string, path: string, body?: unknown): Promise<T> {
    let res: Response
    // The owner's token, where the daemon cannot tell which user connected (src/api/owner-guard.ts).
    const token = await readApiToken(this.#port)
    try {
      res = await fetch(this.base + path, {
        method,
        headers: {
          ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
          ...(token !== undefined ? { authorization: `Bearer ${token}` } : {})
        },
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
        signal: AbortSignal.timeout(300_000)
      })
    } catch (err) {
      throw notRunning(this.base, err)
    }
    const text = await res.text()
    if (!res.ok) throw answerError(`${method} ${path}`, res.status, text)
    return (text === '' ? null : jsonOrText(text)) as T
  }
}

/** No dream answers at `base`: one line that says how to start one or where to point. */
export function notRunning(base: string, cause: unknown): DreamError {
  return new DreamError(
    'DAEMON_NOT_RUNNING',
    `no dream is running on ${base.replace(/^http:\/\//, '')}; ` +
      'start one with `dream new multiverse` (or point --api-port / DREAM_API_PORT at it)',
    { expose: true, cause }
  )
}

/**
 * The error of a control API answer that is not 2xx: its `{code, error}` body (the code checked against the
 * catalogue's shape), or the request and status when the body is not that.
 */
export function answerError(request: string, status: number, text: string): DreamError {
  const body = jsonOrText(text)
  const e = typeof body === 'object' && body !== null ? (body as { code?: unknown; error?: unknown }) : {}
  return new DreamError(
    receivedCode(e.code, 'API_ERROR'),
    typeof e.error === 'string' ? e.error : `${request} failed with status ${status}`,
    { expose: true }
  )
}

function jsonOrText(text: string): unknown {
  try {
    return JSON.parse(text)
  } catch {
    return text
  }
}
