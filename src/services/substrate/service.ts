import type { FastifyInstance } from 'fastify'
import type { FrontDoor } from '../../http/server.js'
import { join } from 'node:path'
import { BaseService } from '../base.js'
import { commands, type Commands } from '../../p2p/commands.js'
import type { HostCalls } from '../../vm/host-modules.js'
import { InlineRunner, WasmRuntime } from '../../vm/index.js'
import { HoarderClient } from '../hoarder/client.js'
import { TnsClient } from '../tns/client.js'
import type { ServiceComponents } from '../types.js'
import { FunctionDatabases } from './host/databases.js'
import { DatabaseReplicas } from './host/database-replicas.js'
import { FunctionStorages } from './host/storages.js'
import { FunctionGlobals } from './host/globals.js'
import { FunctionDns } from './host/dns-lookups.js'
import { functionHost, type FunctionHostParts } from './host/function-host.js'
import { functionSelf } from './host/function-self.js'
import type { FunctionRecord } from './host/host-part.js'
import { OutboundHttp } from './host/outbound-http.js'
import { FunctionRequests } from './serving/requests.js'
import { FunctionLogs } from './serving/function-logs.js'
import { HotRoutes } from './serving/hot-routes.js'
import { ModuleBytes } from './serving/module-bytes.js'
import { ModuleCache } from './serving/modules.js'
import { functionHosts, PrepareAhead } from './serving/prepare-ahead.js'
import { FunctionRouter } from './serving/router.js'
import { TnsWatch } from './serving/tns-watch.js'
import { WebsiteServer } from './websites/website.js'
import { SubstrateBodies, SubstrateCommand, type StatsReply } from './protocol.js'
import { functionRoutes } from './routes.js'
import { Channels } from './pubsub/channels.js'
import { FunctionChannels } from './pubsub/function-channels.js'
import { PubsubTriggers, type TriggeredRun } from './pubsub/triggers.js'
import { triggeredRunner } from './pubsub/run-triggered.js'
import { P2PCalls } from './p2p/calls.js'
import { P2PLookup } from './p2p/lookup.js'
import { SubstrateClient } from './client.js'
import type { SubstrateSettings } from './settings.js'

export type SubstrateComponents = Pick<
  ServiceComponents,
  'node' | 'http' | 'directory' | 'log' | 'branch' | 'privatePorts' | 'allowOutbound' | 'root'
>

/**
 * substrate: serves user functions and websites on its HTTP port (serving/requests.ts), answers the host calls
 * of the functions it runs (host/), runs functions for pub/sub messages (pubsub/) and p2p commands (p2p/). This
 * file only builds those parts, each from parts already built, and starts and stops them.
 */
export class SubstrateService extends BaseService {
  readonly name = 'substrate'
  protected override readonly httpPing = false
  readonly #inline = new InlineRunner()
  readonly #logs: FunctionLogs
  readonly #modules: ModuleCache
  readonly #runtime: WasmRuntime
  readonly #tnsWatch: TnsWatch
  readonly #prepare: PrepareAhead
  readonly #replicas: DatabaseReplicas
  readonly #channels: Channels
  readonly #triggers: PubsubTriggers
  readonly #server: SubstrateComponents['http']['server']
  readonly #p2p: P2PCalls
  /** The host calls of a function run here (from the table of host parts). */
  readonly #host: (fn: FunctionRecord) => HostCalls
  /** How a `pubsub`-triggered function runs for a message, once the triggers start. */
  readonly #triggeredRun: TriggeredRun
  readonly #requests: FunctionRequests
  /** A hot route's bodiless request is answered here, before fastify (src/http/server.ts). */
  readonly front: FrontDoor
  readonly #idleMs: number
  #releaseTimer: NodeJS.Timeout | undefined

  constructor(components: SubstrateComponents, s: SubstrateSettings) {
    super(components)
    this.#idleMs = s.idleMs
    const { node, directory, branch, log } = components
    const tns = new TnsClient(node, directory)
    const hoarder = new HoarderClient(node, directory)
    const logs = new FunctionLogs(log, s.keptLogs)
    const hot = new HotRoutes(s.hotRoutes)
    const channels = new Channels({ ...components, tns, publishRate: { perS: s.publishPerS, burst: s.publishBurst } })
    const runtime = new WasmRuntime({
      log: log.child('vm'),
      workers: s.workers,
      idleMs: s.idleMs,
      onPublish: (req, channel, data) => {
        if (req.scope !== undefined) channels.functions.publish(req.scope, channel, data)
      }
    })
    // Hot routes are derived from the router's lookups: when it drops them (a newer TNS version), they go too.
    const router = new FunctionRouter(tns, branch, () => {
      hot.clear()
    })
    // An evicted module comes back from this node's disk, not from a hoarder (serving/module-bytes.ts).
    const bytes = new ModuleBytes({
      dir: join(components.root, 'modules'),
      fetch: async cid => await hoarder.get(cid),
      ...(s.moduleDiskBytes !== undefined ? { maxBytes: s.moduleDiskBytes } : {})
    })
    const modules = new ModuleCache({
      fetch: async cid => await bytes.get(cid),
      ...(s.moduleCacheBytes !== undefined ? { maxBytes: s.moduleCacheBytes } : {}),
      // A hot route holds its compiled module, and the workers theirs (keyed `<function id>:<cid>:<memory>`, see
      // serving/requests.ts): an evicted one must go from there too, or it is never freed.
      onEvict: key => {
        hot.clear()
        runtime.forget(k => k.endsWith(`:${key}`))
      }
    })
    const prepare = new PrepareAhead({
      modules,
      keepBytes: async cid => {
        if (!(await bytes.has(cid))) await bytes.get(cid)
      },
      hosts: async () => functionHosts(await tns.lookup(['http', 'functions'])),
      functionsOf: async host => await router.functionsOf(host),
      log,
      maxHosts: s.preparedHosts
    })
    const websites = new WebsiteServer(tns, hoarder, branch)
    // Workers keep what a function read while the replica it came from is unchanged.
    const replicas = new DatabaseReplicas({
      node,
      directory,
      log,
      versions: runtime.versions,
      idleMs: s.replicaIdleMs,
      openMs: s.replicaOpenMs
    })
    const databases = new FunctionDatabases(tns, replicas, branch)
    const storages = new FunctionStorages(tns, hoarder, branch)
    const outbound = new OutboundHttp(components.privatePorts, components.allowOutbound)
    const p2pLookup = new P2PLookup(tns, branch)
    const events = { tns, branch, modules, runtime, record: logs.record }
    const p2p = new P2PCalls({
      ...events,
      lookup: p2pLookup,
      client: new SubstrateClient(node, directory),
      directory,
      self: node.peerId.toString(),
      callMs: s.p2pCallMs
    })
    const triggers = new PubsubTriggers({
      tns,
      branch,
      hub: channels.hub,
      lookup: channels.lookup,
      log,
      maxRunning: s.triggerCalls,
      settleMs: s.triggerSettleMs
    })
    // What answers each host module's calls (src/vm/host-modules.ts; see host/function-host.ts).
    const hostParts: FunctionHostParts = {
      database: databases,
      storage: storages,
      content: storages,
      'http client': outbound,
      self: functionSelf,
      globals: new FunctionGlobals(hoarder),
      dns: new FunctionDns(() => directory.byRole('seer')[0]?.ports.dns),
      pubsub: new FunctionChannels(channels.lookup, (hash, channel) => triggers.triggered(hash, channel)),
      p2p
    }
    const host = (fn: FunctionRecord) => functionHost(fn, hostParts)
    this.#requests = new FunctionRequests({
      tns,
      router,
      modules,
      inline: this.#inline,
      runtime,
      prepare,
      websites,
      hot,
      logs,
      log,
      nodeHead: ['x-dream-node', node.peerId.toString()],
      host,
      responseLimit: s.maxResponseBytes,
      scopeHashes: s.scopeHashes,
      routeAttempts: s.routeAttempts
    })
    // Anything pushed to TNS may change a route or a build, so a new build is served at once.
    this.#tnsWatch = new TnsWatch(
      tns,
      version => {
        websites.invalidate()
        // A database may have been added, removed or resized with any push.
        databases.invalidate()
        runtime.hostChanged()
        channels.lookup.invalidate()
        p2pLookup.invalidate()
        triggers.changed()
        if (version === undefined) router.invalidate()
        else {
          router.observe(version)
          prepare.published()
        }
      },
      log
    )
    this.#logs = logs
    this.#modules = modules
    this.#runtime = runtime
    this.#prepare = prepare
    this.#replicas = replicas
    this.#channels = channels
    this.#triggers = triggers
    this.#server = components.http.server
    this.#p2p = p2p
    this.#host = host
    this.#triggeredRun = triggeredRunner({ ...events, host })
    this.front = this.#requests.front
  }

  protected override async open(): Promise<void> {
    this.#runtime.start()
    this.#replicas.start()
    this.#tnsWatch.start()
    this.#channels.start(this.#server)
    this.#triggers.start(this.#triggeredRun)
    this.#releaseTimer = setInterval(() => {
      this.#inline.releaseIdle(this.#idleMs)
    }, this.#idleMs / 2)
    this.#releaseTimer.unref()
  }

  protected override async close(): Promise<void> {
    clearInterval(this.#releaseTimer)
    this.#releaseTimer = undefined
    this.#triggers.stop()
    this.#channels.stop()
    await this.#tnsWatch.stop()
    await this.#prepare.stop()
    await this.#runtime.stop()
    await this.#replicas.stop()
  }

  protected override handlers(): Commands {
    return commands(SubstrateBodies, {
      [SubstrateCommand.logs]: b => ({ logs: this.#logs.of(b.function) }),
      [SubstrateCommand.stats]: (): StatsReply => ({
        modules: this.#modules.size,
        loads: this.#modules.loads,
        prepared: this.#modules.prepared,
        inline: this.#inline.instances,
        ...this.#runtime.stats
      }),
      [SubstrateCommand.p2pCall]: async (b, { from }) => await this.#p2p.serve(b, from.toString(), this.#host)
    })
  }

  protected override routes(app: FastifyInstance): void {
    functionRoutes(app, this.#requests.serve)
  }
}
