import { setImmediate as nextTurn } from 'node:timers/promises'
import { errorMessage } from '../../shared/errors.js'
import type { Logger } from '../../shared/log.js'
import type { ModuleCache } from './modules.js'
import type { Match } from './router.js'

/** Hosts remembered as served by this substrate, most recent last. */
const MAX_HOSTS = 64

export interface PrepareAheadOptions {
  modules: Pick<ModuleCache, 'prepare' | 'hasRoom'>
  /** Every host with functions in TNS. */
  hosts: () => Promise<string[]>
  /** The functions of a host, read from the newest version of TNS. */
  functionsOf: (host: string) => Promise<Match[]>
  log: Logger
}

/**
 * Compiles new builds as soon as they are published, so that the first request after a push does not wait for
 * the fetch and compile of a module (a Go module is megabytes): the hosts this substrate served most recently
 * first, then the others TNS lists. One module at a time, each after the event loop's pending work (requests
 * first), and only into room the module cache has (`ModuleCache.prepare` never evicts). A publish during a pass
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
    if (this.#hosts.size > MAX_HOSTS) {
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
      for (const host of await this.#order()) {
        if (this.#stopped || this.#again || !this.#o.modules.hasRoom) break
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
        await this.#o.modules.prepare(m.cid, m.fn.memory, m.fn.name)
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
