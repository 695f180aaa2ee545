import { createHash, timingSafeEqual } from 'node:crypto'
import type { IncomingMessage } from 'node:http'
import { Socket } from 'node:net'
import { DreamError } from '../shared/errors.js'
import { PeerUids } from './peer-uids.js'

export interface OwnerGateOptions {
  /** The bearer token the owner's tools may send (`Authorization: Bearer <token>`); none: no token accepted. */
  token?: string
  /** What else the owner may send, for the refusal message (e.g. the bearer token and where to find it). */
  hint?: string
  /** A cookie that may carry the token (the console in a browser where the peer check cannot work). */
  cookie?: string
  /** Another credential this server takes as the owner's (the git host: its users' tokens and deploy keys). */
  alsoAccepts?: (req: IncomingMessage) => boolean
}

/**
 * Serves only the user who runs dream. The loopback address keeps other machines out, not other users of this
 * one; a request passes when the owner's own process sent it (the uid that owns the client's socket, from Linux's
 * socket tables: the owner's curl, git and browser need nothing more), or when it carries the owner's token,
 * which only the owner can read. Root passes too: it can read the owner's token file and this process's memory
 * anyway, so refusing it would protect nothing and only break `sudo dream …`.
 */
export class OwnerGate {
  readonly #o: OwnerGateOptions
  readonly #uid = process.getuid?.()
  readonly #peers = new PeerUids()
  readonly #tokenHash: Buffer | undefined

  constructor(o: OwnerGateOptions = {}) {
    this.#o = o
    this.#tokenHash = o.token === undefined ? undefined : sha256(o.token)
  }

  /** Why `req` may not be served, as the error to answer; undefined when it may. */
  async refusal(req: IncomingMessage): Promise<DreamError | undefined> {
    // Not over a connection: made in this process (fastify's inject), which holds every secret already.
    if (!(req.socket instanceof Socket)) return undefined
    const sent = this.#sentToken(req)
    if (sent !== undefined && this.isToken(sent)) return undefined
    if (this.#o.alsoAccepts?.(req) === true) return undefined
    const uid = this.#uid === undefined ? undefined : await this.#peers.uidOf(req.socket)
    if (uid !== undefined && (uid === this.#uid || uid === 0)) return undefined
    const hint = this.#o.hint === undefined ? '' : `, or ${this.#o.hint}`
    if (sent !== undefined && uid === undefined) {
      return new DreamError('OWNER_TOKEN_WRONG', `the bearer token is not this dream's${hint}`)
    }
    if (uid === undefined) {
      const why = 'dream cannot tell which user connected (no /proc/net/tcp entry for the connection)'
      return new DreamError('OWNER_UNKNOWN', `${why}; run the command as the user who started dream${hint}`)
    }
    const why = `dream serves only the user who started it (uid ${String(this.#uid)}), not uid ${uid}`
    return new DreamError('OWNER_ONLY', `${why}; run the command as that user${hint}`)
  }

  /** True when `s` is the owner's token (compared in constant time). */
  isToken(s: string): boolean {
    return this.#tokenHash !== undefined && timingSafeEqual(sha256(s), this.#tokenHash)
  }

  #sentToken(req: IncomingMessage): string | undefined {
    const m = /^Bearer\s+(\S+)\s*$/i.exec(req.headers.authorization ?? '')
    if (m !== null) return m[1]
    if (this.#o.cookie === undefined) return undefined
    for (const part of (req.headers.cookie ?? '').split(';')) {
      const eq = part.indexOf('=')
      if (eq > 0 && part.slice(0, eq).trim() === this.#o.cookie) return part.slice(eq + 1).trim()
    }
    return undefined
  }
}

function sha256(s: string): Buffer {
  return createHash('sha256').update(s).digest()
}
