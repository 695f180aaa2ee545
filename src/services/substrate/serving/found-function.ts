/**
 * A published function as a substrate finds it in TNS: the config compiler's object (src/compiler/kinds/compute.ts)
 * with its id and where it was read. HTTP routes, pub/sub triggers, p2p commands and host calls all run one of
 * these; a part that needs less takes a Pick of it.
 */
import type { PublishedFunction } from '../../../compiler/index.js'

export interface FoundFunction extends Pick<PublishedFunction, 'name' | 'source' | 'call' | 'memory' | 'timeout'> {
  id: string
  project: string
  /** The application the function belongs to, '' for a project-level one. */
  application: string
  branch: string
  /** The config commit it was read at. */
  commit: string
}
