import { DreamError } from './errors.js'

const FULL = new Set(['ENOSPC', 'EDQUOT'])

/** The errno error that says the disk (or the user's quota) is full, found in `err` or its causes. */
function fullErrno(err: unknown): NodeJS.ErrnoException | undefined {
  for (let e = err, depth = 0; e instanceof Error && depth < 8; e = e.cause, depth++) {
    const code = (e as NodeJS.ErrnoException).code
    if (typeof code === 'string' && FULL.has(code)) return e as NodeJS.ErrnoException
  }
  return undefined
}

/**
 * A full disk as one clear line (`disk full: …`, HTTP 507) instead of a raw errno error and its stack;
 * anything else unchanged. Nothing is remembered: the next write is tried afresh once space is freed.
 */
export function diskFullOr(err: unknown, doing?: string): unknown {
  if (err instanceof DreamError && err.code === 'DISK_FULL') return err
  const full = fullErrno(err)
  if (full === undefined) return err
  const what = doing ?? (full.path !== undefined ? `could not write ${full.path}` : 'could not write')
  return new DreamError('DISK_FULL', `disk full: ${what} (${full.code ?? 'ENOSPC'}); free some space and retry`, {
    expose: true,
    cause: err
  })
}
