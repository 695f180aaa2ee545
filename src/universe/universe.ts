import { readFile, rm } from 'node:fs/promises'
import { homedir, tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { randomBytes } from 'node:crypto'
import { GitHost } from '../githost/index.js'
import { onlyHosts } from '../githost/hook-targets.js'
import { swarmKeyFor } from '../p2p/swarm-key.js'
import { generateId } from '../shared/ids.js'
import { ConflictError, InvalidInputError, NotFoundError } from '../shared/errors.js'
import { silent, type Logger } from '../shared/log.js'
import { checkCopies, checkName } from '../shared/names.js'
import { mkdirPrivate, writeFilePrivate } from '../shared/private-fs.js'
import { DEFAULT_SERVICES, DEFAULT_SIMPLES, SERVICES, isServiceName, type ServiceFactory, type ServiceName, type UniverseContext } from '../services/types.js'
import { SERVICE_FACTORIES } from './registry.js'
import { Directory, type NodeEntry } from './directory.js'
import { NodeRunner } from './node-runner.js'
import type { Binds } from './binds.js'
import { chartOf, statusOf, type Chart, type UniverseStatus } from './status.js'

export interface UniverseOptions {
  name: string
  /** Services to start; default: all but gateway. */
  services?: readonly ServiceName[]
  /** Simple nodes to start; default elder and client. */
  simples?: readonly string[]
  /** Pinned ports and copies per service. */
  binds?: Binds
  /** Keep the state directory (in ~/.cache/dream/universe-<name>) after stop. */
  keep?: boolean
  /** State directory to use instead of the default. */
  root?: string
  /** Deliver git push webhooks to patrick (off: only fixtures start builds). */
  webhooks?: boolean
  log?: Logger
  /** Service implementations; tests may swap one. */
  factories?: Partial<Record<ServiceName, ServiceFactory>>
}

type State = 'stopped' | 'starting' | 'running' | 'stopping'
const GIT_LOGIN = 'dreamer'

/**
 * A universe: a private libp2p network of one node per service copy and per simple, its git host and its state
 * directory. Owns everything it starts; `stop()` releases it all. No state is shared between universes.
 */
export class Universe {
  readonly name: string
  readonly id: string
  readonly directory = new Directory()
  readonly log: Logger
  readonly #opts: UniverseOptions
  readonly #runners: NodeRunner[] = []
  readonly #swarmKey: Uint8Array
  #root: string
  #git: GitHost | undefined
  #context: UniverseContext | undefined
  #state: State = 'stopped'
  #copyCounter = new Map<string, number>()

  constructor (opts: UniverseOptions) {
    const name = opts.name.toLowerCase()
    // At most 63 characters: the name is a DNS label of the universe's domain.
    checkName('universe', name, /^[a-z0-9][a-z0-9-]{0,62}$/, 'use letters, digits and dashes (at most 63)', 'UNIVERSE_NAME')
    this.name = name
    this.#opts = opts
    this.id = generateId(name)
    this.#swarmKey = swarmKeyFor(this.id)
    this.log = (opts.log ?? silent).child(name)
    this.#root = opts.root ?? (opts.keep === true
      ? join(homedir(), '.cache', 'dream', `universe-${name}`)
      : join(tmpdir(), `dream-universe-${name}-${randomBytes(4).toString('hex')}`))
  }

  get state (): State { return this.#state }
  get root (): string { return this.#root }
  get swarmKey (): Uint8Array { return this.#swarmKey }
  get git (): GitHost {
    if (this.#git === undefined) throw new ConflictError('UNIVERSE_NOT_RUNNING', `universe ${this.name} is not running`)
    return this.#git
  }

  get context (): UniverseContext {
    if (this.#context === undefined) throw new ConflictError('UNIVERSE_NOT_RUNNING', `universe ${this.name} is not running`)
    return this.#context
  }

  /** The running node of a simple (or the first copy of a service). */
  runner (role: string): NodeRunner | undefined { return this.#runners.find(r => r.spec.role === role) }
  runners (): readonly NodeRunner[] { return this.#runners }

  async start (): Promise<void> {
    if (this.#state !== 'stopped') throw new ConflictError('UNIVERSE_STATE', `universe ${this.name} is ${this.#state}`)
    this.#state = 'starting'
    try {
      // A kept universe lives in ~/.cache/dream, which holds every kept universe: owner-only too.
      if (this.#opts.keep === true && this.#opts.root === undefined) await mkdirPrivate(dirname(this.#root))
      await mkdirPrivate(this.#root)
      this.#git = await this.#startGitHost()
      const git = this.#git
      const self = this
      this.#context = {
        name: this.name,
        id: this.id,
        root: this.#root,
        fqdn: `${this.name}.localtau`,
        directory: this.directory,
        git,
        gitUser: async () => await git.createUser(GIT_LOGIN),
        get branch () { return self.#branch },
        set branch (b: string) { self.#branch = b }
      }
      const simples = [...(this.#opts.simples ?? DEFAULT_SIMPLES)]
      const services = [...(this.#opts.services ?? DEFAULT_SERVICES)]
      // The elder (or, without one, the first simple) bootstraps everyone else.
      const first = simples.includes('elder') ? 'elder' : simples[0]
      if (first !== undefined) await this.addSimple(first)
      // allSettled: teardown must not begin while a sibling node is still starting (it would outlive it).
      const results = await Promise.allSettled([
        ...simples.filter(s => s !== first).map(async s => { await this.addSimple(s) }),
        ...services.map(async s => { await this.addService(s, { copies: this.#opts.binds?.[s]?.copies ?? 1, binds: this.#opts.binds?.[s] ?? {} }) })
      ])
      const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected')
      if (failed !== undefined) throw failed.reason
      this.#state = 'running'
    } catch (err) {
      await this.#teardown()
      this.#state = 'stopped'
      throw err
    }
  }

  #branch = 'main'
  #lastPushAt = 0

  /** A push time (unix seconds) later than every earlier one, so emulated pushes always make new jobs. */
  nextPushTime (): number {
    this.#lastPushAt = Math.max(Math.floor(Date.now() / 1000), this.#lastPushAt + 1)
    return this.#lastPushAt
  }

  /**
   * The git host. A kept universe asks for the port it had before, so that clone URLs printed earlier (and
   * remotes in users' checkouts) keep working across restarts; if that port is taken it takes a new one.
   */
  async #startGitHost (): Promise<GitHost> {
    const make = (port: number): GitHost => new GitHost({
      root: join(this.#root, 'git'), log: this.log.child('git'), port, webhooks: this.#opts.webhooks ?? true, resolve: (url) => this.#resolveServiceUrl(url),
      hookTargets: onlyHosts([`patrick.tau.${this.name}.localtau`])
    })
    const portFile = join(this.#root, 'git', 'port')
    const previous = this.#opts.keep === true ? Number(await readFile(portFile, 'utf8').catch(() => '0')) || 0 : 0
    let git = make(previous)
    try {
      await git.start()
    } catch (err) {
      if (previous === 0) throw err
      this.log.warn(`git host port ${previous} is taken; clone URLs printed before will need the new port`)
      await git.stop().catch(() => {})
      git = make(0)
      await git.start()
    }
    if (this.#opts.keep === true) await writeFilePrivate(portFile, String(git.port))
    return git
  }

  /** `http://<service>.tau.<universe>.localtau/...` → the HTTP port of a live node of that service. */
  #resolveServiceUrl (url: URL): URL {
    const m = /^([a-z]+)\.tau\.(.+)$/.exec(url.hostname)
    if (m === null || m[2] !== `${this.name}.localtau`) return url
    const node = this.directory.byRole(m[1] ?? '')[0]
    if (node?.ports.http === undefined) return url
    const out = new URL(url)
    out.hostname = '127.0.0.1'
    out.port = String(node.ports.http)
    return out
  }

  /** Adds `copies` nodes of a service, each with its own ports. */
  async addService (name: string, o: { copies?: number, binds?: Record<string, number> } = {}): Promise<NodeEntry[]> {
    if (!isServiceName(name)) {
      throw new NotFoundError('UNKNOWN_SERVICE', `unknown service "${name}"; valid services: ${SERVICES.join(', ')}`, { status: 400 })
    }
    const factory = this.#opts.factories?.[name] ?? SERVICE_FACTORIES[name]
    const copies = checkCopies(o.copies ?? 1)
    const entries: NodeEntry[] = []
    // Copies start one after another, like the real dream, so pinned ports apply to the first copy only.
    for (let i = 0; i < copies; i++) {
      const { copies: _c, ...binds } = i === 0 ? (o.binds ?? {}) : {}
      entries.push(await this.#startNode(name, 'service', binds, factory))
    }
    return entries
  }

  async addSimple (name: string, binds: Record<string, number> = {}): Promise<NodeEntry> {
    checkName('simple', name, /^[a-z][a-z0-9_-]*$/, 'use lower-case letters, digits, - or _', 'SIMPLE_NAME')
    if (isServiceName(name)) throw new InvalidInputError('SIMPLE_NAME', `"${name}" is a service; use \`dream inject ${name}\``)
    if (this.runner(name) !== undefined) throw new ConflictError('SIMPLE_EXISTS', `simple node ${name} already exists in universe ${this.name}`)
    return await this.#startNode(name, 'simple', binds, undefined)
  }

  async #startNode (role: string, kind: 'service' | 'simple', binds: Record<string, number>, factory: ServiceFactory | undefined): Promise<NodeEntry> {
    const n = this.#copyCounter.get(role) ?? 0
    this.#copyCounter.set(role, n + 1)
    const bootstrap = this.directory.byRole('elder')[0] ?? this.directory.all()[0]
    const runner = new NodeRunner({
      role,
      kind,
      ...(factory !== undefined ? { factory } : {}),
      root: join(this.#root, kind === 'service' ? `${role}-${n}` : `simple-${role}`),
      binds,
      swarmKey: this.#swarmKey,
      universe: this.context,
      log: this.log.child(`${role}-${n}`),
      ...(bootstrap !== undefined ? { bootstrap } : {})
    })
    const entry = await runner.start()
    this.#runners.push(runner)
    this.directory.add(entry)
    this.log.debug(`${role} up`, entry.ports)
    return entry
  }

  /** Stops one node named `role` (the most recent copy of a service, or the simple of that name). */
  async kill (role: string): Promise<void> {
    const idx = this.#runners.findLastIndex(r => r.spec.role === role)
    const runner = this.#runners[idx]
    if (runner === undefined) {
      const running = [...new Set(this.#runners.map(r => r.spec.role))]
      throw new NotFoundError('NODE_NOT_FOUND', `no ${role} node is running in universe ${this.name}; running: ${running.join(', ') || 'none'}`)
    }
    this.#runners.splice(idx, 1)
    this.directory.remove(runner.entry.peerId)
    await runner.stop()
  }

  async stop (): Promise<void> {
    if (this.#state === 'stopped' || this.#state === 'stopping') return
    this.#state = 'stopping'
    await this.#teardown()
    this.#state = 'stopped'
  }

  async #teardown (): Promise<void> {
    const runners = this.#runners.splice(0)
    for (const r of runners) this.directory.remove(r.entry.peerId)
    await Promise.all(runners.map(async r => { await r.stop() }))
    await this.#git?.stop().catch(() => {})
    this.#git = undefined
    this.#context = undefined
    if (this.#opts.keep !== true && this.#opts.root === undefined) await rm(this.#root, { recursive: true, force: true })
  }

  status (): UniverseStatus { return statusOf(this) }
  chart (): Chart { return chartOf(this) }
}

/** Creates (but does not start) a universe. */
export function createUniverse (opts: UniverseOptions): Universe {
  return new Universe(opts)
}
