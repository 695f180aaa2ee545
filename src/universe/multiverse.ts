import { ConflictError, NotFoundError } from '../shared/errors.js'
import { silent, type Logger } from '../shared/log.js'
import { createUniverse, type Universe, type UniverseOptions } from './universe.js'

export type UniverseSpec = Omit<UniverseOptions, 'name' | 'log'>

/** The set of named universes a daemon holds. Owned by the daemon; nothing module-global. */
export class Multiverse {
  readonly #universes = new Map<string, Universe>()
  readonly #log: Logger
  readonly #defaults: UniverseSpec
  /** The control API's port, once it listens (the daemon sets it): functions may not call it. */
  apiPort: number | undefined

  constructor(o: { log?: Logger; defaults?: UniverseSpec } = {}) {
    this.#log = o.log ?? silent
    this.#defaults = o.defaults ?? {}
  }

  names(): string[] {
    return [...this.#universes.keys()]
  }
  all(): Universe[] {
    return [...this.#universes.values()]
  }

  get(name: string): Universe {
    const u = this.#universes.get(name.toLowerCase())
    if (u === undefined) {
      const known = this.names()
      throw new NotFoundError(
        'UNIVERSE_NOT_FOUND',
        `universe ${name} does not exist; running: ${known.join(', ') || 'none'} ` +
          `(create it with \`dream new universe ${name}\`)`
      )
    }
    return u
  }

  /** Creates and starts a universe; resolves once every node has started and joined. */
  async create(name: string, spec: UniverseSpec = {}): Promise<Universe> {
    const key = name.toLowerCase()
    if (this.#universes.has(key)) throw new ConflictError('UNIVERSE_EXISTS', `universe ${key} already exists`)
    // The universe's functions may call neither the control API nor any other universe of this dream.
    const hostPorts = (): number[] => [
      ...(this.apiPort !== undefined ? [this.apiPort] : []),
      ...this.all().flatMap(other => (other.name === key ? [] : other.ports()))
    ]
    const u = createUniverse({ ...this.#defaults, ...spec, name: key, log: this.#log, hostPorts })
    this.#universes.set(key, u)
    try {
      await u.start()
    } catch (err) {
      this.#universes.delete(key)
      throw err
    }
    return u
  }

  async kill(name: string): Promise<void> {
    const u = this.get(name)
    this.#universes.delete(u.name)
    await u.stop()
  }

  async stop(): Promise<void> {
    const all = this.all()
    this.#universes.clear()
    await Promise.all(
      all.map(async u => {
        await u.stop()
      })
    )
  }
}
