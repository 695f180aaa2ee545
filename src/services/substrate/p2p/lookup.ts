/**
 * The p2p side of one project, as tau's substrate p2p component finds it: the project's `services/` resources
 * (a service gives a protocol) and its functions whose trigger is `p2p` (a service and a command), read from TNS
 * at the project's current commit on the universe's branch. Cached per project until TNS reports a change.
 */
import { LookupCache } from '../../../shared/lookup-cache.js'
import type { TnsClient } from '../../tns/client.js'
import type { FoundFunction } from '../serving/found-function.js'

export interface P2PServiceResource {
  name: string
  protocol: string
  application: string
}

/** A function whose trigger is `p2p`, as the config compiler publishes it (`service`: a service's name or protocol). */
export interface P2PFunction extends FoundFunction {
  service: string
  command: string
}

export interface ProjectP2P {
  services: P2PServiceResource[]
  functions: P2PFunction[]
}

export class P2PLookup {
  readonly #tns: TnsClient
  readonly #branch: () => string
  readonly #byProject = new LookupCache<ProjectP2P>(1024)

  constructor(tns: TnsClient, branch: () => string) {
    this.#tns = tns
    this.#branch = branch
  }

  invalidate(): void {
    this.#byProject.clear()
  }

  /** The service of `project` (its own or of `application`) whose protocol (or name) is `protocol`. */
  async service(project: string, application: string, protocol: string): Promise<P2PServiceResource | undefined> {
    const { services } = await this.project(project)
    const inScope = services.filter(s => s.application === '' || s.application === application)
    return inScope.find(s => s.protocol === protocol) ?? inScope.find(s => s.name === protocol)
  }

  /** The function of `project` serving `command` on `service`, if one does. */
  async function(project: string, service: P2PServiceResource, command: string): Promise<P2PFunction | undefined> {
    const { functions } = await this.project(project)
    return functions.find(
      f =>
        f.command === command &&
        (f.service === service.protocol || f.service === service.name) &&
        (service.application === '' || f.application === service.application)
    )
  }

  async project(project: string): Promise<ProjectP2P> {
    return await this.#byProject.get(project, () => this.#read(project))
  }

  async #read(project: string): Promise<ProjectP2P> {
    const branch = this.#branch()
    const out: ProjectP2P = { services: [], functions: [] }
    const commit = await this.#tns.fetch<string>(['projects', project, 'branches', branch, 'current'])
    if (typeof commit !== 'string') return out
    const base = ['branches', branch, 'commit', commit, 'projects', project]
    const paths = new Set<string>()
    for (const k of await this.#tns.lookup(base)) {
      const m = /^\/(?:applications\/[^/]+\/)?(?:functions|services)\/[^/]+/.exec(k.slice(base.join('/').length + 1))
      if (m !== null) paths.add(m[0].slice(1))
    }
    for (const path of paths) {
      const rest = path.split('/')
      const cfg = await this.#tns.fetch<Record<string, unknown>>([...base, ...rest])
      if (cfg === null || typeof cfg !== 'object') continue
      const application = rest[0] === 'applications' ? (rest[1] ?? '') : ''
      const kind = rest[rest.length - 2]
      if (kind === 'services') {
        out.services.push({ name: String(cfg.name ?? ''), protocol: String(cfg.protocol ?? ''), application })
      } else if (cfg.type === 'p2p') {
        out.functions.push({
          id: rest[rest.length - 1] ?? '',
          name: String(cfg.name ?? ''),
          project,
          application,
          service: String(cfg.service ?? ''),
          command: String(cfg.command ?? ''),
          call: String(cfg.call ?? ''),
          timeout: Number(cfg.timeout ?? 0),
          memory: Number(cfg.memory ?? 0),
          source: String(cfg.source ?? ''),
          commit,
          branch
        })
      }
    }
    return out
  }
}
