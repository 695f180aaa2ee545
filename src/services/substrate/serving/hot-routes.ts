/**
 * Routes resolved and compiled, by `METHOD host/path`: what the front door answers from without a lookup. They
 * are derived from the router's lookups and the module cache, so both empty them (a newer TNS version, an evicted
 * module); past `max` routes the cache starts over.
 */
import type { CompiledFunction } from './modules.js'
import type { HeaderList } from './respond.js'
import type { Match } from './router.js'

/** A route resolved and compiled, with its response head. */
export interface HotRoute {
  match: Match
  compiled: CompiledFunction
  /** The workers' key of its instance: `<function id>:<cid>:<memory>`. */
  key: string
  head: HeaderList
}

export class HotRoutes {
  readonly #routes = new Map<string, HotRoute>()
  readonly #max: number

  constructor(max: number) {
    this.#max = max
  }

  get(key: string): HotRoute | undefined {
    return this.#routes.get(key)
  }

  set(key: string, route: HotRoute): void {
    if (this.#routes.size >= this.#max) this.#routes.clear()
    this.#routes.set(key, route)
  }

  clear(): void {
    this.#routes.clear()
  }
}
