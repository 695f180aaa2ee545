import { setImmediate as nextTurn } from 'node:timers/promises'
import { errorMessage } from '../../../shared/errors.js'
import type { Logger } from '../../../shared/log.js'
import type { ModuleCache } from './modules.js'
import type { Match } from './router.js'
import { SUBSTRATE_DEFAULTS } from '../settings.js'

export interface PrepareAheadOptions {
  modules: Pick<ModuleCache, 'prepare' | 'hasRoom'>
  /**
   * Brings a module's bytes onto this node's disk (module-bytes.ts) when they are not there: what is prepared when
   * the module cache has no room (fetching is the larger part of a Go module's first load).
   */
  keepBytes: (cid: string) => Promise<void>
  /** Every host with functions in TNS. */
  hosts: () => Promise<string[]>
  /** The functions of a host, read from the newest version of TNS. */
  functionsOf: (host: string) => Promise<Match[]>
  log: Logger
  /** Hosts remembered as served by this substrate, most recent last; default: the substrate's `preparedHosts`. */
  maxHosts?: number
}

/**
 * Compiles new builds as soon as they are published, so that the first request after a push does not wait for
 * the fetch and compile of a module (a Go module is megabytes): the hosts this substrate served most recently
 * first, then the others TNS lists. One module at a time, each after the event loop's pending work (requests
 * first), and only into room the module cache has (`ModuleCache.prepare` never evicts); without room, the hosts
 * served most recently still have their new modules' bytes fetched onto this node's disk. A publish during a pass
 * starts another pass after it.
 */
export class PrepareAhead {
  readonly #o: PrepareAheadOptions
  readonly #hosts = new Set<string>()
  #pass: Promise<void> | undefined
  #again = false
  #stopped = false

  constructor(o: PrepareAheadOptions) {
    this.#o = o
  }

  /** A request for `host` was answered by one of its functions. */
  served(host: string): void {
    if (this.#hosts.has(host)) return
    this.#hosts.add(host)
    if (this.#hosts.size > (this.#o.maxHosts ?? SUBSTRATE_DEFAULTS.preparedHosts)) {
      const [oldest] = this.#hosts
      if (oldest !== undefined) this.#hosts.delete(oldest)
    }
  }

  /** Something was published: the hosts' modules are prepared in the background. */
  published(): void {
    if (this.#stopped) return
    if (this.#pass !== undefined) {
      this.#again = true
      return
    }
    this.#pass = this.#run().finally(() => {
      this.#pass = undefined
    })
  }

  async stop(): Promise<void> {
    this.#stopped = true
    await this.#pass
  }

  async #run(): Promise<void> {
    do {
      this.#again = false
      const served = new Set(this.#hosts)
      for (const host of await this.#order()) {
        if (this.#stopped || this.#again) break
        // Past the served hosts, only compiling into free room: their modules may never be asked for.
        if (!served.has(host) && !this.#o.modules.hasRoom) break
        await this.#prepareHost(host)
      }
    } while (this.#again && !this.#stopped)
  }

  /** The hosts served most recently first, then the others with functions. */
  async #order(): Promise<string[]> {
    const served = [...this.#hosts].reverse()
    try {
      const known = new Set(served)
      return [...served, ...(await this.#o.hosts()).filter(h => !known.has(h))]
    } catch (err) {
      this.#o.log.debug(`listing the hosts to prepare: ${errorMessage(err)}`)
      return served
    }
  }

  async #prepareHost(host: string): Promise<void> {
    try {
      await nextTurn()
      for (const m of await this.#o.functionsOf(host)) {
        if (this.#stopped || this.#again) return
        if (m.cid === null) continue
        await nextTurn()
        if (!this.#o.modules.hasRoom || !(await this.#o.modules.prepare(m.cid, m.fn.memory, m.fn.name)))
          await this.#o.keepBytes(m.cid)
      }
    } catch (err) {
      // Only a head start: the request that needs the module loads it (and reports what fails).
      this.#o.log.debug(`preparing the modules of ${host}: ${errorMessage(err)}`)
    }
  }
}

/** The hosts of TNS keys `/http/functions/<reversed host labels>/links` (what tns `lookup` lists). */
export function functionHosts(keys: string[]): string[] {
  const hosts = new Set<string>()
  for (const k of keys) {
    const parts = k.split('/').filter(p => p !== '')
    if (parts[0] !== 'http' || parts[1] !== 'functions' || parts.at(-1) !== 'links' || parts.length < 4) continue
    hosts.add(parts.slice(2, -1).reverse().join('.'))
  }
  return [...hosts]
}
