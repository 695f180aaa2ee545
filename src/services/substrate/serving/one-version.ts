/**
 * A lookup made of several TNS reads is used only when all its reads came from one version of the tree: read
 * again otherwise, and past READ_ATTEMPTS fail (502 `TNS_MOVING`) rather than mix two publishes. The function
 * and website routers both read a host this way.
 */
import { DreamError } from '../../../shared/errors.js'

/** Reads of one lookup, at most, while the tree keeps moving under them. */
const READ_ATTEMPTS = 4

/**
 * Runs `lookup` until the versions it recorded (`seen`) are at most one and `accept` takes it; `what` names the
 * lookup in the error ("the routes of <host>").
 */
export async function atOneVersion<T>(
  what: string,
  lookup: (seen: Set<string>) => Promise<T>,
  accept: (version: string | undefined) => boolean = () => true
): Promise<{ value: T; version: string | undefined }> {
  let moved = ''
  for (let attempt = 1; attempt <= READ_ATTEMPTS; attempt++) {
    const seen = new Set<string>()
    const value = await lookup(seen)
    const [version] = seen
    if (seen.size <= 1 && accept(version)) return { value, version }
    moved = [...seen].join(', ')
  }
  throw new DreamError(
    'TNS_MOVING',
    `${what} changed during each of ${READ_ATTEMPTS} reads (last at versions ${moved}); ` +
      'try again once the publishing is over'
  )
}
