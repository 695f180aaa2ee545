import { DreamError, errorMessage } from '../../../shared/errors.js'
import type { Logger } from '../../../shared/log.js'
import type { TnsClient } from '../../tns/client.js'
import type { FoundFunction } from '../serving/found-function.js'
import type { ChannelMessage } from './envelope.js'
import type { PubsubHub } from './hub.js'
import { matchesChannel, type MessagingLookup } from './messaging.js'
import { scopeHash, topicOf } from './topic.js'

/** A function whose trigger is `pubsub`, as the config compiler publishes it, with where it was found. */
export interface TriggeredFunction extends FoundFunction {
  channel: string
  /** Its scope's hash. */
  hash: string
}

/** How a triggered function runs for one message. */
export type TriggeredRun = (fn: TriggeredFunction, m: ChannelMessage) => Promise<void>

interface Subscribed {
  fn: TriggeredFunction
  running: number
  unsubscribe: () => void
}

/**
 * Runs `pubsub`-triggered functions for the messages of their channel: reads every project's functions at its
 * current commit from TNS (again after each change), joins `<scope hash>/<channel>` for each function whose channel
 * a messaging resource of its scope has, and calls the function for each message but its own.
 */
export class PubsubTriggers {
  readonly #tns: TnsClient
  readonly #branch: () => string
  readonly #hub: PubsubHub
  readonly #lookup: MessagingLookup
  /** Set by start: a triggered function's own host calls may reach these triggers (see service.ts). */
  #run: TriggeredRun | undefined
  readonly #log: Logger
  readonly #maxRunning: number
  readonly #settleMs: number
  readonly #subs = new Map<string, Subscribed>()
  #timer: NodeJS.Timeout | undefined
  #scanning: Promise<void> | undefined
  #again = false
  #stopped = false

  constructor(o: {
    tns: TnsClient
    branch: () => string
    hub: PubsubHub
    lookup: MessagingLookup
    log: Logger
    /** Calls of one function for messages, under way at once on this substrate; messages beyond are dropped. */
    maxRunning: number
    /** Pause after a change of TNS before reading it again (a push writes many leaves at once). */
    settleMs: number
  }) {
    this.#maxRunning = o.maxRunning
    this.#settleMs = o.settleMs
    this.#tns = o.tns
    this.#branch = o.branch
    this.#hub = o.hub
    this.#lookup = o.lookup
    this.#log = o.log
  }

  /** True when a function of the scope `hash` runs for the messages of `channel` here. */
  triggered(hash: string, channel: string): boolean {
    for (const s of this.#subs.values()) if (s.fn.hash === hash && s.fn.channel === channel) return true
    return false
  }

  /** Calls `run` for the messages of each triggered function's channel, from now until stop. */
  start(run: TriggeredRun): void {
    this.#run = run
    this.changed()
  }

  /** TNS changed: read the triggered functions again, soon (nothing before start). */
  changed(): void {
    if (this.#stopped || this.#run === undefined || this.#timer !== undefined) return
    this.#timer = setTimeout(() => {
      this.#timer = undefined
      this.#scan()
    }, this.#settleMs)
  }

  /** Leaves every channel; a read of TNS under way finds it stopped and subscribes nothing (nothing waits on it). */
  stop(): void {
    this.#stopped = true
    clearTimeout(this.#timer)
    this.#timer = undefined
    for (const s of this.#subs.values()) s.unsubscribe()
    this.#subs.clear()
  }

  #scan(): void {
    if (this.#scanning !== undefined) {
      this.#again = true
      return
    }
    this.#scanning = this.#sync()
      .catch((err: unknown) => {
        // No tns node yet (a substrate may start first): the TNS watch scans again once one answers.
        const early = err instanceof DreamError && err.code === 'SERVICE_NOT_RUNNING'
        const say = early ? this.#log.debug.bind(this.#log) : this.#log.warn.bind(this.#log)
        say(`reading pub/sub functions from TNS failed: ${errorMessage(err)}`)
      })
      .finally(() => {
        this.#scanning = undefined
        if (this.#again && !this.#stopped) {
          this.#again = false
          this.#scan()
        }
      })
  }

  async #sync(): Promise<void> {
    const found = new Map<string, TriggeredFunction>()
    for (const fn of await this.#functions()) {
      const hash = fn.hash
      const rules = await this.#lookup.forHash(hash)
      if (rules.some(r => matchesChannel(r, fn.channel))) found.set(`${fn.id} ${topicOf(hash, fn.channel)}`, fn)
    }
    if (this.#stopped) return
    for (const [key, s] of this.#subs) {
      if (found.has(key)) continue
      s.unsubscribe()
      this.#subs.delete(key)
    }
    for (const [key, fn] of found) {
      const known = this.#subs.get(key)
      if (known !== undefined) {
        known.fn = fn // a new commit's configuration (call, timeout, memory)
        continue
      }
      const s: Subscribed = { fn, running: 0, unsubscribe: () => {} }
      s.unsubscribe = this.#hub.subscribe(key.slice(key.indexOf(' ') + 1), m => {
        this.#deliver(s, m)
      })
      this.#subs.set(key, s)
    }
  }

  #deliver(s: Subscribed, m: ChannelMessage): void {
    const fn = s.fn
    const run = this.#run
    if (run === undefined) return
    if (m.source === `fn:${fn.id}`) return // tau: a function does not receive what it published itself
    if (s.running >= this.#maxRunning) {
      this.#log.warn(`function ${fn.name}: ${this.#maxRunning} calls for messages under way, a message is dropped`)
      return
    }
    s.running++
    run(fn, m)
      .catch((err: unknown) => {
        this.#log.warn(`function ${fn.name} on channel ${fn.channel}: ${errorMessage(err)}`)
      })
      .finally(() => {
        s.running--
      })
  }

  /** Every project's `pubsub` functions at its current commit on the universe's branch. */
  async #functions(): Promise<TriggeredFunction[]> {
    const branch = this.#branch()
    const projects = new Set<string>()
    for (const k of await this.#tns.lookup(['projects'])) {
      const p = k.split('/') // /projects/<P>/branches/<B>/current
      if (p[1] === 'projects' && p[3] === 'branches' && p[4] === branch && p[5] === 'current') projects.add(p[2] ?? '')
    }
    const out: TriggeredFunction[] = []
    for (const project of projects) {
      const commit = await this.#tns.fetch<string>(['projects', project, 'branches', branch, 'current'])
      if (typeof commit !== 'string') continue
      const base = ['branches', branch, 'commit', commit, 'projects', project]
      const paths = new Set<string>()
      for (const k of await this.#tns.lookup(base)) {
        const m = /^\/(?:applications\/[^/]+\/)?functions\/[^/]+/.exec(k.slice(base.join('/').length + 1))
        if (m !== null) paths.add(m[0].slice(1))
      }
      for (const path of paths) {
        const rest = path.split('/')
        const cfg = await this.#tns.fetch<Record<string, unknown>>([...base, ...rest])
        if (cfg === null || typeof cfg !== 'object' || cfg.type !== 'pubsub' || typeof cfg.channel !== 'string')
          continue
        out.push({
          id: rest[rest.length - 1] ?? '',
          name: String(cfg.name ?? ''),
          project,
          application: rest[0] === 'applications' ? (rest[1] ?? '') : '',
          channel: cfg.channel.replace(/^\//, ''),
          call: String(cfg.call ?? ''),
          timeout: Number(cfg.timeout ?? 0),
          memory: Number(cfg.memory ?? 0),
          source: String(cfg.source ?? ''),
          commit,
          branch,
          hash: scopeHash(project, rest[0] === 'applications' ? (rest[1] ?? '') : '')
        })
      }
    }
    return out
  }
}
