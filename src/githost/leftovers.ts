import { readdir, rm } from 'node:fs/promises'
import { join } from 'node:path'
import type { Logger } from '../shared/log.js'

/**
 * Removes what a receive-pack cut off half-way leaves in a bare repository: git stages an incoming pack in
 * objects/tmp_objdir-incoming-* and deletes it when the push ends, which a killed daemon never reaches. Run at
 * start, before any push can be under way.
 */
export async function removeIncomingLeftovers(reposDir: string, log: Logger): Promise<void> {
  const repos = await readdir(reposDir).catch(() => [] as string[])
  for (const repo of repos) {
    const objects = join(reposDir, repo, 'objects')
    for (const entry of await readdir(objects).catch(() => [] as string[])) {
      if (!entry.startsWith('tmp_objdir-incoming-')) continue
      await rm(join(objects, entry), { recursive: true, force: true })
      log.info(`removed ${join(objects, entry)}, left by a push that did not finish`)
    }
  }
}
