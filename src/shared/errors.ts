/**
 * Typed errors with stable codes. `status` maps the error to HTTP; `expose` marks a user error whose
 * message the CLI prints without a stack. Tests assert on `code`, never on wording.
 */
export interface DreamErrorOptions { status?: number, expose?: boolean, cause?: unknown }

export class DreamError extends Error {
  readonly code: string
  readonly status: number
  readonly expose: boolean

  constructor (code: string, message: string, o: DreamErrorOptions = {}) {
    super(message, { cause: o.cause })
    this.name = new.target.name
    this.code = code
    this.status = o.status ?? 500
    this.expose = o.expose ?? this.status < 500
  }
}

/** A named thing does not exist (universe, service, project, job...). */
export class NotFoundError extends DreamError {
  constructor (code: string, message: string, o: DreamErrorOptions = {}) { super(code, message, { status: 404, ...o }) }
}

/** The caller sent something malformed or unknown. */
export class InvalidInputError extends DreamError {
  constructor (code: string, message: string, o: DreamErrorOptions = {}) { super(code, message, { status: 400, ...o }) }
}

/** The request conflicts with current state (already exists, already running). */
export class ConflictError extends DreamError {
  constructor (code: string, message: string, o: DreamErrorOptions = {}) { super(code, message, { status: 409, ...o }) }
}

/** Missing or wrong credentials or signature. */
export class UnauthorizedError extends DreamError {
  constructor (code: string, message: string, o: DreamErrorOptions = {}) { super(code, message, { status: 401, ...o }) }
}

/** Something took longer than its limit. */
export class TimeoutError extends DreamError {
  constructor (code: string, message: string, o: DreamErrorOptions = {}) { super(code, message, { status: 504, ...o }) }
}

/** A build failed; the message carries the readable reason (file and line where known). */
export class BuildError extends DreamError {
  constructor (code: string, message: string, o: DreamErrorOptions = {}) { super(code, message, { status: 422, ...o }) }
}

/** Turns anything thrown into a message fit for a log line or a JSON error body. */
export function errorMessage (err: unknown): string {
  return err instanceof Error ? err.message : String(err)
}
