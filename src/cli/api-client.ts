import { readApiToken } from '../shared/api-token.js'
import { DreamError } from '../shared/errors.js'
import { jsonAnswer } from '../shared/http-answer.js'

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
    return (await jsonAnswer(res, { request: `${method} ${path}`, fallback: 'API_ERROR', expose: true })) as T
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
