import { randomUUID } from 'node:crypto'
import type { IncomingMessage } from 'node:http'
import type { Duplex } from 'node:stream'
import { acceptKey, CloseCode } from '../../../http/websocket-frames.js'
import { errorMessage } from '../../../shared/errors.js'
import type { Logger } from '../../../shared/log.js'
import { ChannelSocket } from './channel-socket.js'
import type { PubsubHub } from './hub.js'
import { matchesChannel, type MessagingLookup } from './messaging.js'
import { parseSocketPath, topicOf } from './topic.js'

/** Unsent bytes past which a websocket client counts as not reading. */
const MAX_BUFFERED = 1024 * 1024
/** Largest message a websocket client may send to a channel. */
const MAX_MESSAGE = 1024 * 1024
/** Messages per second one websocket client may send, and its burst (as a function's publishes are bounded). */
const CLIENT_RATE = { perSecond: 200, burst: 50 }

/**
 * The channel websockets of a substrate's HTTP port, at `/ws-<scope hash>/<channel>` (the URL the SDK gives a
 * function). A channel of a `messaging/` resource with its websocket bridge enabled accepts the client, which then
 * receives every message of the channel but its own, and whose messages go to every other subscriber on any
 * substrate. Any other channel: the socket opens, gets `{"error": ...}` and is closed, as tau answers.
 */
export class ChannelSockets {
  readonly #hub: PubsubHub
  readonly #lookup: MessagingLookup
  readonly #log: Logger
  readonly #open = new Set<ChannelSocket>()
  #stopped = false

  constructor(hub: PubsubHub, lookup: MessagingLookup, log: Logger) {
    this.#hub = hub
    this.#lookup = lookup
    this.#log = log
  }

  get size(): number {
    return this.#open.size
  }

  /** The HTTP server's `upgrade` listener. */
  readonly onUpgrade = (req: IncomingMessage, socket: Duplex, head: Buffer): void => {
    this.#upgrade(req, socket, head).catch((err: unknown) => {
      this.#log.warn(`a websocket upgrade failed: ${errorMessage(err)}`)
      socket.destroy()
    })
  }

  /** Closes every open socket; later upgrades are refused. */
  stop(): void {
    this.#stopped = true
    for (const s of [...this.#open]) s.cutOff('substrate stopping')
    this.#open.clear()
  }

  async #upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
    socket.on('error', () => {}) // a reset before the handshake ends here; ChannelSocket reports later ones
    const url = req.url ?? '/'
    const target = parseSocketPath(url.split('?')[0] ?? '/')
    const key = req.headers['sec-websocket-key']
    if (this.#stopped) return refuse(socket, 503, 'substrate is stopping')
    if (target === undefined) return refuse(socket, 404, `no websocket at ${url}; channels are at /ws-<hash>/<channel>`)
    if (req.headers.upgrade?.toLowerCase() !== 'websocket' || typeof key !== 'string' || key === '')
      return refuse(socket, 400, 'a websocket handshake needs Upgrade: websocket and Sec-WebSocket-Key')
    if (req.headers['sec-websocket-version'] !== '13')
      return refuse(socket, 426, 'only websocket version 13 is spoken', ['Sec-WebSocket-Version: 13'])
    let error: string | undefined
    try {
      const rules = await this.#lookup.forHash(target.hash)
      if (!rules.some(r => r.webSocket && matchesChannel(r, target.channel)))
        error = `no messaging resource with its websocket enabled matches channel "${target.channel}"`
    } catch (err) {
      error = `looking up channel "${target.channel}" failed: ${errorMessage(err)}`
    }
    if (socket.destroyed) return
    socket.write(
      'HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n' +
        `Sec-WebSocket-Accept: ${acceptKey(key)}\r\n\r\n`
    )
    const id = `ws:${randomUUID()}`
    const topic = topicOf(target.hash, target.channel)
    let unsubscribe = (): void => {}
    const cs = new ChannelSocket(socket, {
      maxBuffered: MAX_BUFFERED,
      maxMessage: MAX_MESSAGE,
      rate: CLIENT_RATE,
      onMessage: data => {
        this.#hub.publish(topic, { source: id, data })
      },
      onClose: why => {
        unsubscribe()
        this.#open.delete(cs)
        this.#log.debug(`websocket on ${topic} closed: ${why}`)
      }
    })
    if (error !== undefined || this.#stopped) {
      cs.sendJson({ error: error ?? 'substrate is stopping' })
      cs.close(CloseCode.policy, 'channel refused')
      return
    }
    this.#open.add(cs)
    unsubscribe = this.#hub.subscribe(topic, m => {
      if (m.source !== id) cs.send(m.data)
    })
    if (head.length > 0) cs.receive(head)
  }
}

const STATUS_TEXT: Record<number, string> = { 404: 'Not Found', 426: 'Upgrade Required', 503: 'Service Unavailable' }

function refuse(socket: Duplex, status: number, message: string, extra: string[] = []): void {
  const body = `${message}\n`
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_TEXT[status] ?? 'Bad Request'}\r\n` +
      ['Connection: close', 'Content-Type: text/plain; charset=utf-8', `Content-Length: ${Buffer.byteLength(body)}`]
        .concat(extra)
        .join('\r\n') +
      `\r\n\r\n${body}`
  )
}
