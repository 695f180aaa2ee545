/**
 * Which hoarders hold a database: every node ranks the live hoarders the same way for an instance (rendezvous
 * hashing on instance id + peer id), so every substrate reaches the same owner and the owner copies each write to
 * the next in rank, which takes over when the owner is gone.
 */
import { createHash } from 'node:crypto'
import type { NodeEntry } from '../../p2p/directory.js'
import type { DatabaseRef } from '../../shared/database-ref.js'

const score = (instance: string, peer: string): string =>
  createHash('sha256').update(`${instance}/${peer}`).digest('hex')

/** `peers` ranked for `instance`, the owner first. */
export function rankFor(instance: string, peers: readonly NodeEntry[]): NodeEntry[] {
  return peers
    .map(p => ({ p, s: score(instance, p.peerId) }))
    .sort((a, b) => (a.s < b.s ? 1 : a.s > b.s ? -1 : 0))
    .map(x => x.p)
}

/**
 * The instance id of a database: a hash of project id, application id and matcher, as tau's, but of the three
 * kept apart (JSON), so that no project's matcher can spell another scope's instance.
 */
export function instanceId(db: Pick<DatabaseRef, 'project' | 'application' | 'match'>): string {
  return createHash('sha256')
    .update(JSON.stringify([db.project, db.application, db.match]))
    .digest('hex')
}
