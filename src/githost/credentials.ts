import { createHash } from 'node:crypto'

/** How deploy keys are kept and matched: by the sha256 of their secret, never the secret itself. */
export function sha256Hex(s: string): string {
  return createHash('sha256').update(s).digest('hex')
}
