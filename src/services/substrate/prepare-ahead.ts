import { setImmediate as nextTurn } from 'node:timers/promises'
import { errorMessage } from '../../shared/errors.js'
import type { Logger } from '../../shared/log.js'
import type { ModuleCache } from './modules.js'
import type { Match } from './router.js'

/** Hosts remembered as served by this substrate, most recent last. */
const MAX_HOSTS = 64

export interface PrepareAheadOptions {
  modules: Pick<ModuleCache, 'prepare'>
  /** The functions of a host, read from the newest version of TNS. */
  functionsOf: (host: string) => Promise<Match[]>
  log: Logger
}

/**
 * Compiles the new builds of the hosts this substrate has served as soon as they are published, so that the
 * first request after a push does not wait for the fetch and compile of a module (a Go module is megabytes).
 * One module at a time, each after the event loop's pending work (requests first), and only into room the
 * module cache has (`ModuleCache.prepare` never evicts). A publish during a pass starts another pass after it.
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

  /** Something was published: the served hosts' modules are prepared in the background. */
  published(): void {
    if (this.#stopped || this.#hosts.size === 0) return
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
      for (const host of [...this.#hosts].reverse()) {
        if (this.#stopped || this.#again) break
        await this.#prepareHost(host)
      }
    } while (this.#again && !this.#stopped)
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
