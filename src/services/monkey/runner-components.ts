import type { ServiceComponents } from '../types.js'

/**
 * What a job needs of its monkey: the node and directory (to reach auth, hoarder and TNS), the root its work
 * folders go under, the log and the universe's domain. Its own module so that runner.ts and the job kinds it
 * hands over to (library-job.ts, website-job.ts) need not import each other.
 */
export type RunnerComponents = Pick<ServiceComponents, 'node' | 'directory' | 'root' | 'log' | 'fqdn'>
