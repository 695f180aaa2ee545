/**
 * GitHost: one universe's stand-in for GitHub. A node:http server with the REST API, smart-HTTP git
 * (served by the git binary) and push webhooks; state in bare repos plus a JSON db under `root`.
 * No global state: any number of hosts can run side by side in one process.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { join } from 'node:path'
import { DreamError, InvalidInputError } from '../shared/errors.js'
import { foreignRequest } from '../http/local-only.js'
import { OwnerGate } from '../http/owner-only.js'
import type { Logger } from '../shared/log.js'
import { GitRunner } from './git-runner.js'
import { sendError, sendJson } from './http-util.js'
import type { DeployKeyRecord, HookRecord, RepoRecord, User, UserRecord } from './model.js'
import { KeyedMutex } from './mutex.js'
import { PushEvents } from './push-events.js'
import { HostAdmin, type NewHook, type NewKey, type NewRepo } from './host-admin.js'
import type { HookTargetPolicy } from './hook-targets.js'
import { handleRest } from './rest-api.js'
import { handleGit, matchGitRoute } from './smart-http.js'
import { HostStore } from './host-store.js'
import { WebhookSender, type Delivery } from './webhooks.js'
import { gitHostSettings, type GitHostSettings } from './settings.js'
import { removeIncomingLeftovers } from './leftovers.js'

export interface GitHostOptions extends Partial<GitHostSettings> {
  /** Directory holding the bare repos and the JSON db. */
  root: string
  log: Logger
  host?: string
  /** 0 (default) picks a free port; read it back from `port` after start(). */
  port?: number
  /** Deliver push webhooks automatically after receive-pack (default true); hooks/:id/tests always delivers. */
  webhooks?: boolean
  /**
   * Name resolution for webhook URLs (the part DNS plays for GitHub): hooks may name a service such as
   * `http://patrick.tau.<universe>.localtau/github/<id>`, and this maps it to where that service listens now.
   */
  resolve?: (url: URL) => URL
  /** Where hooks may point (default: anywhere). */
  hookTargets?: HookTargetPolicy
}

export class GitHost {
  readonly #log: Logger
  readonly #host: string
  readonly #wantedPort: number
  readonly #store: HostStore
  readonly #git = new GitRunner()
  readonly #admin: HostAdmin
  readonly #sender: WebhookSender
  readonly #settings: GitHostSettings
  readonly #events: PushEvents
  readonly #pushLock = new KeyedMutex<number>()
  /** Only the user running dream, or a request with one of this host's credentials (a user token, a deploy key). */
  readonly #owner = new OwnerGate({
    alsoAccepts: req => this.#admin.principal(req.headers.authorization) !== undefined,
    hint: 'use the clone URL with the user and token dream prints'
  })
  #server: Server | undefined
  #boundPort = 0

  constructor(o: GitHostOptions) {
    this.#log = o.log.child('githost')
    this.#host = o.host ?? '127.0.0.1'
    this.#wantedPort = o.port ?? 0
    this.#store = new HostStore(o.root)
    this.#admin = new HostAdmin(this.#store, this.#git, o.hookTargets)
    this.#settings = gitHostSettings(o)
    this.#sender = new WebhookSender({
      log: this.#log,
      timeoutMs: this.#settings.hookTimeoutMs,
      keep: this.#settings.deliveriesKept,
      ...(o.resolve !== undefined ? { resolve: o.resolve } : {}),
      ...(o.hookTargets !== undefined ? { targets: o.hookTargets } : {})
    })
    this.#events = new PushEvents({
      admin: this.#admin,
      git: this.#git,
      sender: this.#sender,
      base: () => this.url,
      log: this.#log,
      auto: o.webhooks !== false
    })
  }

  get port(): number {
    return this.#boundPort
  }

  /** Valid from start() on (and still after stop(), so late webhook payloads keep their urls). */
  get url(): string {
    if (this.#boundPort === 0) throw new DreamError('GITHOST_NOT_STARTED', 'git host is not started')
    return `http://${this.#host.includes(':') ? `[${this.#host}]` : this.#host}:${this.#boundPort}`
  }

  async start(): Promise<void> {
    if (this.#server !== undefined) return
    await this.#store.ready()
    await removeIncomingLeftovers(join(this.#store.root, 'repos'), this.#log)
    const server = createServer((req, res) => {
      void this.#handle(req, res)
    })
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject)
      server.listen(this.#wantedPort, this.#host, () => {
        server.off('error', reject)
        resolve()
      })
    })
    this.#server = server
    this.#boundPort = (server.address() as AddressInfo).port
    this.#log.debug('git host listening', { url: this.url })
  }

  async stop(): Promise<void> {
    const server = this.#server
    this.#server = undefined
    if (server !== undefined) {
      const closed = new Promise<void>(resolve =>
        server.close(() => {
          resolve()
        })
      )
      server.closeAllConnections()
      await closed
    }
    this.#git.killAll()
    await this.#sender.stop()
    await this.#store.flushed()
  }

  // ---- users and auth ----

  /** Idempotent per login: returns the existing user (and token) when there is one. */
  async createUser(login: string): Promise<User> {
    return await this.#admin.createUser(login)
  }

  /**
   * The user whose token is in this Authorization header (Basic password, or token/Bearer/github scheme).
   * Synchronous, so it answers from memory: undefined until the db is loaded (start() or any async call).
   */
  authenticate(authorizationHeader: string | undefined): User | undefined {
    const u = this.#admin.authenticate(authorizationHeader)
    return u === undefined ? undefined : { login: u.login, id: u.id, token: u.token }
  }

  // ---- in-process equivalents of the REST API (tests, fixtures, the universe bootstrap) ----

  async createRepo(owner: string, o: NewRepo): Promise<RepoRecord> {
    return await this.#admin.createRepo(await this.#requireUser(owner), o)
  }

  async getRepo(owner: string, name: string): Promise<RepoRecord | undefined> {
    await this.#store.ready()
    return this.#store.repo(owner, name)
  }

  async addHook(repo: RepoRecord, o: NewHook): Promise<HookRecord> {
    return await this.#admin.addHook(repo, o)
  }

  async addDeployKey(repo: RepoRecord, o: NewKey): Promise<DeployKeyRecord> {
    return await this.#admin.addKey(repo, o)
  }

  /** The push payload for the current head of `branch` (default branch if omitted). */
  async headPayload(repo: RepoRecord, branch?: string): Promise<Record<string, unknown>> {
    return await this.#events.headPayload(repo, branch)
  }

  /** Branch heads of the repositories that have a push hook (what a push would have announced). */
  async hookedHeads(): Promise<Array<{ repo: RepoRecord; branch: string; sha: string }>> {
    await this.#store.ready()
    return await this.#events.hookedHeads()
  }

  /** Announces the current head of `branch` to the repository's push hooks (a push whose webhook was lost). */
  async announce(repo: RepoRecord, branch: string): Promise<void> {
    await this.#events.announce(repo, branch)
  }

  /** Deliveries made for a repo (in memory, oldest first). */
  deliveries(repoId: number): Delivery[] {
    return this.#sender.deliveries(repoId)
  }

  /** Resolves once no webhook work is pending: await it after a push instead of sleeping. */
  async idle(): Promise<void> {
    await this.#sender.idle()
  }

  /** The bare repository directory of a repo (read-only use). */
  repoDir(repo: RepoRecord): string {
    return this.#store.repoDir(repo.id)
  }

  async #requireUser(login: string): Promise<UserRecord> {
    await this.#store.ready()
    const u = this.#store.user(login)
    if (u === undefined) throw new DreamError('GITHOST_USER_NOT_FOUND', `no such user: ${login}`)
    return u
  }

  async #handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    try {
      const refused = await this.#owner.refusal(req)
      if (refused !== undefined) throw refused
      // For this machine's git and tools only: not a page's (DNS rebinding, cross-origin requests).
      const foreign = foreignRequest(req.headers)
      if (foreign !== undefined) throw new DreamError('FOREIGN_REQUEST', foreign, { expose: true })
      const url = new URL(req.url ?? '/', 'http://localhost')
      const gitRoute = matchGitRoute(url.pathname)
      if (gitRoute !== undefined) {
        await handleGit(
          {
            admin: this.#admin,
            git: this.#git,
            events: this.#events,
            sender: this.#sender,
            pushLock: this.#pushLock,
            log: this.#log,
            answerWaitMs: this.#settings.answerWaitMs
          },
          req,
          res,
          gitRoute,
          url.searchParams
        )
        return
      }
      const done = await handleRest(
        { admin: this.#admin, events: this.#events, base: () => this.url },
        req,
        res,
        url.pathname,
        url.searchParams
      )
      if (!done) sendJson(res, 404, { message: 'Not Found' })
    } catch (err) {
      if (err instanceof URIError) {
        sendError(res, new InvalidInputError('GITHOST_BAD_URL', `bad % escape in ${req.url ?? ''}`), this.#log)
        return
      }
      sendError(res, err, this.#log)
    }
  }
}
