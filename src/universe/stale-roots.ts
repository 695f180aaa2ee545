import { readFile, readdir, rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { Logger } from '../shared/log.js'

/** Temporary universe roots are `<tmpdir>/dream-universe-<name>-<random>` (see Universe). */
export const TEMP_ROOT_PREFIX = 'dream-universe-'
/** The pid of the process that made a temporary root, so that a later daemon knows when it is abandoned. */
const OWNER_FILE = 'owner.pid'

export async function markOwner(root: string): Promise<void> {
  await writeFile(join(root, OWNER_FILE), String(process.pid), { mode: 0o600 })
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (err) {
    // EPERM: it exists, owned by someone else
    return (err as NodeJS.ErrnoException).code === 'EPERM'
  }
}

/**
 * Removes the temporary universe roots in `dir` whose owning process is gone (a daemon killed before it could
 * clean up). A root without an owner file is left alone: kept universes (`--keep`, under ~/.cache/dream) never
 * have one, nor do roots made by another tool. Returns the roots removed.
 */
export async function removeAbandonedRoots(dir: string, log: Logger): Promise<string[]> {
  const removed: string[] = []
  for (const entry of await readdir(dir).catch(() => [] as string[])) {
    if (!entry.startsWith(TEMP_ROOT_PREFIX)) continue
    const root = join(dir, entry)
    const pid = Number(await readFile(join(root, OWNER_FILE), 'utf8').catch(() => ''))
    if (!Number.isInteger(pid) || pid <= 0 || pid === process.pid || alive(pid)) continue
    await rm(root, { recursive: true, force: true })
    removed.push(root)
  }
  if (removed.length > 0) {
    log.info(`removed ${removed.length} universe directories left by daemons that did not stop cleanly`)
  }
  return removed
}
