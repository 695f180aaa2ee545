import { parseDestination } from '../shared/address-guard.js'
import { readFile, rm } from 'node:fs/promises'
import { homedir, tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { randomBytes } from 'node:crypto'
import { GitHost } from '../githost/index.js'
import { onlyHosts } from '../githost/hook-targets.js'
import { swarmKeyFor } from '../p2p/swarm-key.js'
import { generateId } from '../shared/ids.js'
import { ConflictError, DreamError, InvalidInputError, NotFoundError, errorMessage } from '../shared/errors.js'
import { silent, type Logger } from '../shared/log.js'
import { checkCopies, checkName } from '../shared/names.js'
import { mkdirPrivate, writeFilePrivate } from '../shared/private-fs.js'
import type { P2PNode } from '../p2p/node.js'
import {
  DEFAULT_SERVICES,
  DEFAULT_SIMPLES,
  SERVICES,
  isServiceName,
  type ServiceFactory,
  type ServiceName
} from '../services/types.js'
import { serviceFactories, type ServiceSettings } from './service-factories.js'
import { Directory, type NodeEntry } from '../p2p/directory.js'
import { NodeRunner, type UniverseComponents } from './node-runner.js'
import type { Binds } from './binds.js'
import { announceUnbuiltPushes } from './reconcile.js'
import { TEMP_ROOT_PREFIX, markOwner } from './stale-roots.js'
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
  /** The branch builds and routing resolve at first (default main). */
  branch?: string
  log?: Logger
  /** Service implementations; tests may swap one. */
  factories?: Partial<Record<ServiceName, ServiceFactory>>
  /** Tunables per service (poll intervals, concurrency, ...); what is left out keeps its default. */
  settings?: ServiceSettings
  /** Ports the same dream listens on outside this universe (control API, other universes): see `privatePorts`. */
  hostPorts?: () => Iterable<number>
  /**
   * `address:port` destinations (e.g. `127.0.0.1:8080`) functions may request although the address guard
   * refuses them (src/shared/address-guard.ts): a service on the owner's machine. Never one of dream's own ports.
   */
  allowOutbound?: readonly string[]
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
  /** Network fqdn: `<universe>.localtau`. */
  readonly fqdn: string
  readonly directory = new Directory()
  readonly log: Logger
  readonly #opts: UniverseOptions
  readonly #runners: NodeRunner[] = []
  readonly #swarmKey: Uint8Array
  readonly #factories: Readonly<Record<ServiceName, ServiceFactory>>
  #root: string
  #git: GitHost | undefined
  #components: UniverseComponents | undefined
  #state: State = 'stopped'
  #copyCounter = new Map<string, number>()
  /** State directories of killed service nodes, by role: the next node of that role takes one over. */
  readonly #vacated = new Map<string, string[]>()

  constructor(opts: UniverseOptions) {
    const name = opts.name.toLowerCase()
    // At most 63 characters: the name is a DNS label of the universe's domain.
    checkName(
      'universe',
      name,
      /^[a-z0-9][a-z0-9-]{0,62}$/,
      'use letters, digits and dashes (at most 63)',
      'UNIVERSE_NAME'
    )
    this.name = name
    this.fqdn = `${name}.localtau`
    for (const d of opts.allowOutbound ?? []) parseDestination(d)
    this.#opts = opts
    this.#factories = serviceFactories(opts.settings)
    if (opts.branch !== undefined) this.#branch = opts.branch
    this.id = generateId(name)
    this.#swarmKey = swarmKeyFor(this.id)
    this.log = (opts.log ?? silent).child(name)
    this.#root =
      opts.root ??
      (opts.keep === true
        ? join(homedir(), '.cache', 'dream', `universe-${name}`)
        : join(tmpdir(), `${TEMP_ROOT_PREFIX}${name}-${randomBytes(4).toString('hex')}`))
  }

  get state(): State {
    return this.#state
  }
  get root(): string {
    return this.#root
  }
  get swarmKey(): Uint8Array {
    return this.#swarmKey
  }
  /** Every TCP port this universe's nodes and git host listen on. */
  ports(): number[] {
    const ports = this.directory.all().flatMap(e => Object.values(e.ports))
    if (this.#git !== undefined) ports.push(this.#git.port)
    return ports.filter(p => p > 0)
  }

  get git(): GitHost {
    if (this.#git === undefined) throw new ConflictError('UNIVERSE_NOT_RUNNING', `universe ${this.name} is not running`)
    return this.#git
  }

  /** The branch builds and routing resolve (set-branch changes it for this universe only). */
  get branch(): string {
    return this.#branch
  }
  set branch(b: string) {
    this.#branch = b
  }

  /** The git login that owns the universe's projects (the "GitHub user" of the walkthrough), and its token. */
  async gitUser(): Promise<{ login: string; token: string }> {
    return await this.git.createUser(GIT_LOGIN)
  }

  /** The p2p node of the simple `client`, which fixtures and the daemon's read-outs act through, as in dream. */
  clientNode(): P2PNode {
    const client = this.runner('client')
    if (client === undefined) {
      throw new DreamError(
        'NO_CLIENT',
        `fixtures act through the simple node "client"; add it with \`dream inject simple client ${this.name}\``
      )
    }
    return client.node
  }

  /** The running node of a simple (or the first copy of a service). */
  runner(role: string): NodeRunner | undefined {
    return this.#runners.find(r => r.spec.role === role)
  }
  runners(): readonly NodeRunner[] {
    return this.#runners
  }

  async start(): Promise<void> {
    if (this.#state !== 'stopped') throw new ConflictError('UNIVERSE_STATE', `universe ${this.name} is ${this.#state}`)
    this.#state = 'starting'
    try {
      // A kept universe lives in ~/.cache/dream, which holds every kept universe: owner-only too.
      if (this.#opts.keep === true && this.#opts.root === undefined) await mkdirPrivate(dirname(this.#root))
      await mkdirPrivate(this.#root)
      if (this.#opts.keep !== true && this.#opts.root === undefined) await markOwner(this.#root)
      this.#git = await this.#startGitHost()
      this.#components = {
        directory: this.directory,
        fqdn: this.fqdn,
        gitUrl: this.#git.url,
        branch: () => this.#branch,
        privatePorts: () => new Set([...this.ports(), ...(this.#opts.hostPorts?.() ?? [])]),
        allowOutbound: this.#opts.allowOutbound ?? []
      }
      const simples = [...(this.#opts.simples ?? DEFAULT_SIMPLES)]
      const services = [...(this.#opts.services ?? DEFAULT_SERVICES)]
      // The elder (or, without one, the first simple) bootstraps everyone else.
      const first = simples.includes('elder') ? 'elder' : simples[0]
      if (first !== undefined) await this.addSimple(first)
      // allSettled: teardown must not begin while a sibling node is still starting (it would outlive it).
      const results = await Promise.allSettled([
        ...simples
          .filter(s => s !== first)
          .map(async s => {
            await this.addSimple(s)
          }),
        ...services.map(async s => {
          await this.addService(s, { copies: this.#opts.binds?.[s]?.copies ?? 1, binds: this.#opts.binds?.[s] ?? {} })
        })
      ])
      const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected')
      if (failed !== undefined) throw failed.reason
      this.#state = 'running'
      if (this.#opts.keep === true && this.#opts.webhooks !== false) await this.#buildLostPushes()
    } catch (err) {
      await this.#teardown()
      this.#state = 'stopped'
      throw err
    }
  }

  #branch = 'main'
  #lastPushAt = 0

  /** A push time (unix seconds) later than every earlier one, so emulated pushes always make new jobs. */
  nextPushTime(): number {
    this.#lastPushAt = Math.max(Math.floor(Date.now() / 1000), this.#lastPushAt + 1)
    return this.#lastPushAt
  }

  /**
   * The git host. A kept universe asks for the port it had before, so that clone URLs printed earlier (and
   * remotes in users' checkouts) keep working across restarts; if that port is taken it takes a new one.
   */
  async #startGitHost(): Promise<GitHost> {
    const make = (port: number): GitHost =>
      new GitHost({
        ...this.#opts.settings?.githost,
        root: join(this.#root, 'git'),
        log: this.log.child('git'),
        port,
        webhooks: this.#opts.webhooks ?? true,
        resolve: url => this.#resolveServiceUrl(url),
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
  #resolveServiceUrl(url: URL): URL {
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
  async addService(name: string, o: { copies?: number; binds?: Record<string, number> } = {}): Promise<NodeEntry[]> {
    if (!isServiceName(name)) {
      throw new DreamError('UNKNOWN_SERVICE', `unknown service "${name}"; valid services: ${SERVICES.join(', ')}`)
    }
    const factory = this.#opts.factories?.[name] ?? this.#factories[name]
    const copies = checkCopies(o.copies ?? 1)
    const entries: NodeEntry[] = []
    // Copies start one after another, like the real dream, so pinned ports apply to the first copy only.
    for (let i = 0; i < copies; i++) {
      const { copies: _c, ...binds } = i === 0 ? (o.binds ?? {}) : {}
      entries.push(await this.#startNode(name, 'service', binds, factory))
    }
    return entries
  }

  async addSimple(name: string, binds: Record<string, number> = {}): Promise<NodeEntry> {
    checkName('simple', name, /^[a-z][a-z0-9_-]*$/, 'use lower-case letters, digits, - or _', 'SIMPLE_NAME')
    if (isServiceName(name))
      throw new InvalidInputError('SIMPLE_NAME', `"${name}" is a service; use \`dream inject ${name}\``)
    if (this.runner(name) !== undefined)
      throw new ConflictError('SIMPLE_EXISTS', `simple node ${name} already exists in universe ${this.name}`)
    return await this.#startNode(name, 'simple', binds, undefined)
  }

  #runningComponents(): UniverseComponents {
    if (this.#components === undefined)
      throw new ConflictError('UNIVERSE_NOT_RUNNING', `universe ${this.name} is not running`)
    return this.#components
  }

  /** A kept universe builds what was pushed but never built before it last stopped (see reconcile.ts). */
  async #buildLostPushes(): Promise<void> {
    const node = this.#runners[0]?.node
    if (node === undefined || this.directory.byRole('patrick').length === 0 || this.#git === undefined) return
    try {
      const announced = await announceUnbuiltPushes(this.#git, node, this.directory)
      if (announced.length > 0) this.log.info(`pushed but never built, now building: ${announced.join(', ')}`)
    } catch (err) {
      this.log.warn(`could not check for pushes left unbuilt: ${errorMessage(err)}`)
    }
  }

  async #startNode(
    role: string,
    kind: 'service' | 'simple',
    binds: Record<string, number>,
    factory: ServiceFactory | undefined
  ): Promise<NodeEntry> {
    const n = this.#copyCounter.get(role) ?? 0
    this.#copyCounter.set(role, n + 1)
    const bootstrap = this.directory.byRole('elder')[0] ?? this.directory.all()[0]
    const runner = new NodeRunner({
      role,
      kind,
      ...(factory !== undefined ? { factory } : {}),
      root:
        kind === 'service'
          ? (this.#vacated.get(role)?.pop() ?? join(this.#root, `${role}-${n}`))
          : join(this.#root, `simple-${role}`),
      binds,
      swarmKey: this.#swarmKey,
      universe: this.#runningComponents(),
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
  async kill(role: string): Promise<void> {
    await this.#stopRunner(
      this.#runners.findLastIndex(r => r.spec.role === role),
      `no ${role} node is running in universe ${this.name}`
    )
  }

  /** Stops the node named `role` whose peer id is `id` (one chosen copy of a service). */
  async killNode(role: string, id: string): Promise<void> {
    const copies = this.#runners.filter(r => r.spec.role === role).map(r => r.entry.peerId)
    await this.#stopRunner(
      this.#runners.findIndex(r => r.spec.role === role && r.entry.peerId === id),
      `no ${role} node ${id} is running in universe ${this.name}` +
        (copies.length > 0 ? `; its ${role} nodes: ${copies.join(', ')}` : '')
    )
  }

  async #stopRunner(idx: number, notFound: string): Promise<void> {
    const runner = this.#runners[idx]
    if (runner === undefined) {
      const running = [...new Set(this.#runners.map(r => r.spec.role))]
      throw new NotFoundError('NODE_NOT_FOUND', `${notFound}; running: ${running.join(', ') || 'none'}`)
    }
    this.#runners.splice(idx, 1)
    this.directory.remove(runner.entry.peerId)
    await runner.stop()
    // Its projects, jobs, routes or assets stay for the node that replaces it (`dream inject <service>`).
    const role = runner.spec.role
    if (runner.spec.kind === 'service') this.#vacated.set(role, [...(this.#vacated.get(role) ?? []), runner.spec.root])
  }

  async stop(): Promise<void> {
    if (this.#state === 'stopped' || this.#state === 'stopping') return
    this.#state = 'stopping'
    await this.#teardown()
    this.#state = 'stopped'
  }

  async #teardown(): Promise<void> {
    const runners = this.#runners.splice(0)
    for (const r of runners) this.directory.remove(r.entry.peerId)
    // Substrates first: a function's last database writes are still on their way to the hoarders (a substrate
    // stops once they are acknowledged, see src/services/substrate/host/database-replicas.ts).
    const first = runners.filter(r => r.entry.role === 'substrate')
    await Promise.all(first.map(async r => await r.stop()))
    await Promise.all(
      runners
        .filter(r => !first.includes(r))
        .map(async r => {
          await r.stop()
        })
    )
    await this.#git?.stop().catch(() => {})
    this.#git = undefined
    this.#components = undefined
    if (this.#opts.keep !== true && this.#opts.root === undefined)
      await rm(this.#root, { recursive: true, force: true })
  }

  status(): UniverseStatus {
    return statusOf(this)
  }
  chart(): Chart {
    return chartOf(this)
  }
}

/** Creates (but does not start) a universe. */
export function createUniverse(opts: UniverseOptions): Universe {
  return new Universe(opts)
}
