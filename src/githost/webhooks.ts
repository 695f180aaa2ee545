/**
 * Delivers webhook events the way GitHub's Hookshot does (same headers, HMAC signatures over the raw
 * body) and keeps an in-memory log of deliveries per repo. Work is tracked so stop() can abort it and
 * tests can await idle() instead of sleeping.
 */
import { createHmac, randomUUID } from 'node:crypto'
import { errorMessage } from '../shared/errors.js'
import type { Logger } from '../shared/log.js'
import type { HookTargetPolicy } from './hook-targets.js'
import type { HookRecord } from './model.js'

export interface Delivery {
  id: string
  hookId: number
  repoId: number
  event: string
  /** HTTP status of the receiver, 0 when it could not be reached or timed out. */
  status: number
  error?: string
  /** ms since epoch when the delivery started. */
  at: number
  durationMs: number
  /** The receiver's body: parsed when it is JSON, else the text. */
  response?: unknown
}

const MAX_RESPONSE = 1 << 20

export function signatures(body: string, secret: string): { sha1: string; sha256: string } {
  return {
    sha1: `sha1=${createHmac('sha1', secret).update(body).digest('hex')}`,
    sha256: `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`
  }
}

export class WebhookSender {
  readonly #log: Logger
  readonly #timeoutMs: number
  readonly #keep: number
  readonly #records = new Map<number, Delivery[]>()
  readonly #inflight = new Set<Promise<unknown>>()
  #abort = new AbortController()
  readonly #resolve: (url: URL) => URL
  readonly #targets: HookTargetPolicy

  constructor(o: {
    log: Logger
    timeoutMs: number
    /** Deliveries remembered per repository. */
    keep: number
    resolve?: (url: URL) => URL
    targets?: HookTargetPolicy
  }) {
    this.#log = o.log
    this.#timeoutMs = o.timeoutMs
    this.#keep = o.keep
    this.#resolve = o.resolve ?? (u => u)
    this.#targets = o.targets ?? (() => undefined)
  }

  deliveries(repoId: number): Delivery[] {
    return [...(this.#records.get(repoId) ?? [])]
  }

  /** Registers background work (post-push delivery) so idle() and stop() know about it. */
  track(p: Promise<unknown>): void {
    const t = p.catch(err => {
      this.#log.warn('webhook work failed', { error: errorMessage(err) })
    })
    this.#inflight.add(t)
    void t.finally(() => this.#inflight.delete(t))
  }

  /** Resolves when no delivery is pending (including ones queued while waiting). */
  async idle(): Promise<void> {
    while (this.#inflight.size > 0) await Promise.all([...this.#inflight])
  }

  /** Aborts pending deliveries and waits for them to settle; the sender can be used again afterwards. */
  async stop(): Promise<void> {
    this.#abort.abort()
    await this.idle()
    this.#abort = new AbortController()
  }

  async send(hook: HookRecord, event: string, payload: unknown): Promise<Delivery> {
    const json = JSON.stringify(payload)
    const body = hook.contentType === 'form' ? `payload=${encodeURIComponent(json)}` : json
    const sig = signatures(body, hook.secret)
    const d: Delivery = {
      id: randomUUID(),
      hookId: hook.id,
      repoId: hook.repoId,
      event,
      status: 0,
      at: Date.now(),
      durationMs: 0
    }
    const headers: Record<string, string> = {
      'Content-Type': hook.contentType === 'form' ? 'application/x-www-form-urlencoded' : 'application/json',
      'User-Agent': 'GitHub-Hookshot/dream',
      'X-GitHub-Event': event,
      'X-GitHub-Delivery': d.id,
      'X-GitHub-Hook-ID': String(hook.id),
      'X-GitHub-Hook-Installation-Target-ID': String(hook.repoId),
      'X-GitHub-Hook-Installation-Target-Type': 'repository'
    }
    // GitHub only signs when a secret is configured.
    if (hook.secret !== '') {
      headers['X-Hub-Signature'] = sig.sha1
      headers['X-Hub-Signature-256'] = sig.sha256
    }
    const work = (async () => {
      try {
        // Checked again here: the hook may predate the policy (a kept universe's db).
        const refused = this.#targets(new URL(hook.url))
        if (refused !== undefined) throw new Error(refused)
        const res = await fetch(this.#resolve(new URL(hook.url)), {
          method: 'POST',
          headers,
          body,
          signal: AbortSignal.any([this.#abort.signal, AbortSignal.timeout(this.#timeoutMs)])
        })
        d.status = res.status
        d.response = parseBody(await readCapped(res))
      } catch (err) {
        d.error = errorMessage(err)
      }
      d.durationMs = Date.now() - d.at
      this.#record(d)
      this.#log.debug('webhook delivered', { hook: hook.id, url: hook.url, status: d.status, error: d.error })
      return d
    })()
    this.track(work)
    return await work
  }

  #record(d: Delivery): void {
    const list = this.#records.get(d.repoId) ?? []
    list.push(d)
    if (list.length > this.#keep) list.splice(0, list.length - this.#keep)
    this.#records.set(d.repoId, list)
  }
}

async function readCapped(res: Response): Promise<string> {
  const text = await res.text()
  return text.length > MAX_RESPONSE ? text.slice(0, MAX_RESPONSE) : text
}

function parseBody(text: string): unknown {
  if (text === '') return undefined
  try {
    return JSON.parse(text)
  } catch {
    return text
  }
}
