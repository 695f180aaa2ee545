import { isAbsolute } from 'node:path'
import { InvalidInputError } from '../../shared/errors.js'
import type { LocalBuildBody } from './protocol.js'

const FOLDERS = ['configDir', 'codeDir', 'librariesDir', 'websitesDir'] as const
const WHAT: Record<(typeof FOLDERS)[number], string> = {
  configDir: 'config folder',
  codeDir: 'code folder',
  librariesDir: 'libraries folder',
  websitesDir: 'websites folder'
}

/**
 * The body of a `local` build as a LocalBuildBody, or an error naming the field that is wrong: the folders are
 * absolute paths (the config one required), the branch a non-empty name, the commit 40 hex digits.
 */
export function checkedLocalBody(raw: unknown): LocalBuildBody {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw))
    throw new InvalidInputError('LOCAL_BUILD_BODY', 'a local build takes an object with configDir and branch')
  const b = raw as Record<string, unknown>
  const out: Record<string, unknown> = {}
  for (const key of FOLDERS) {
    const v = b[key]
    if (v === undefined && key !== 'configDir') continue
    if (typeof v !== 'string' || v.length > 4096 || !isAbsolute(v))
      throw new InvalidInputError(
        'LOCAL_BUILD_PATH',
        `the ${WHAT[key]} must be an absolute path, not ${v === undefined ? 'missing' : JSON.stringify(v)}`
      )
    out[key] = v
  }
  if (typeof b.branch !== 'string' || b.branch === '' || b.branch.length > 255)
    throw new InvalidInputError('LOCAL_BUILD_BODY', 'branch must be a name of 1 to 255 characters')
  out.branch = b.branch
  if (b.commit !== undefined) {
    if (typeof b.commit !== 'string' || !/^[0-9a-f]{40}$/.test(b.commit))
      throw new InvalidInputError('LOCAL_BUILD_BODY', 'commit must be 40 lower-case hex digits')
    out.commit = b.commit
  }
  if (b.publishConfig !== undefined) {
    if (typeof b.publishConfig !== 'boolean')
      throw new InvalidInputError('LOCAL_BUILD_BODY', 'publishConfig must be true or false')
    out.publishConfig = b.publishConfig
  }
  return out as unknown as LocalBuildBody
}
