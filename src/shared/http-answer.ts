import { DreamError, type DreamErrorOptions, type ErrorCode, receivedCode } from './errors.js'

/** How to read one JSON-over-HTTP answer (the CLI's API client, the console's session, the web console). */
export interface AnswerOptions {
  /** The request, for the message of an error answer that says nothing: `GET /status`. */
  request: string
  /** The code of an error answer without a known code of its own: by its status, else `fallback`. */
  fallback: ErrorCode
  byStatus?: Partial<Record<number, ErrorCode>>
  /** Whether the error's message is for users (the CLI prints it without a stack); by default, as its status says. */
  expose?: boolean
}

/**
 * The body of a JSON-over-HTTP answer (text that is not JSON stays text; empty is null), or, for a status that is
 * not ok, the error it carries: dream's `{code, error}` (a GitHub-shaped `{message}` too) as a DreamError with
 * that code when the catalogue knows it (its status then comes from the code, src/shared/errors.ts).
 */
export async function jsonAnswer(res: Response, o: AnswerOptions): Promise<unknown> {
  const text = await res.text()
  const body = text === '' ? null : parsedOrText(text)
  if (!res.ok) throw answerError(res.status, body, o)
  return body
}

function answerError(status: number, body: unknown, o: AnswerOptions): DreamError {
  const e = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>
  const said = typeof e.error === 'string' ? e.error : typeof e.message === 'string' ? e.message : undefined
  const message = said ?? `${o.request} failed with status ${status}`
  const opts: DreamErrorOptions = o.expose !== undefined ? { expose: o.expose } : {}
  return new DreamError(receivedCode(e.code, o.byStatus?.[status] ?? o.fallback), message, opts)
}

function parsedOrText(text: string): unknown {
  try {
    return JSON.parse(text) as unknown
  } catch {
    return text
  }
}
