import { lpStream } from '@libp2p/utils'
import type { PeerId, Stream, Connection } from '@libp2p/interface'
import type { Multiaddr } from '@multiformats/multiaddr'
import { DreamError, TimeoutError, errorMessage, receivedCode } from '../shared/errors.js'
import { bodyChecks, bodyShape, type BodyCheck, commands, type Commands } from './commands.js'
import type { P2PNode } from './node.js'
import { StreamGate } from './stream-gate.js'
import { diskFullOr } from '../shared/disk-full.js'

/**
 * A command/response protocol over libp2p streams: one stream carries one command, as in tau
 * (p2p/streams). Frames are length-prefixed JSON: `{cmd, body}` → `{ok:true, data}` or `{ok:false, code, message}`;
 * a remote error is rebuilt on the caller as a DreamError with the same code. Each command's body is checked
 * against the shape the protocol declares for it before its handler runs (commands.ts).
 */

interface Reply {
  ok: boolean
  data?: unknown
  code?: string
  message?: string
}

const enc = new TextEncoder()
const dec = new TextDecoder()
/**
 * Build artifacts and logs travel as base64 inside JSON (a Go function's wasm is megabytes); allow well above
 * the 4 MiB default, both for a frame and for what the reader buffers while a frame arrives.
 */
const MAX_FRAME = 64 * 1024 * 1024
const LP_OPTIONS = { maxDataLength: MAX_FRAME, maxBufferSize: MAX_FRAME + 16 }
/**
 * Streams one node may have open per protocol, either way. libp2p's default is 64 outbound per protocol per
 * connection, past which a call fails at once. Closed streams count until the remote's close arrives, so this is
 * well above CONCURRENT_CALLS (and below the yamux limit set in node.ts).
 */
const STREAM_LIMIT = 2048
/** Calls one node runs at once over all protocols; more wait in line (within their own timeout) for a stream. */
const CONCURRENT_CALLS = 512
const gates = new WeakMap<P2PNode, StreamGate>()

function gateOf(node: P2PNode): StreamGate {
  let gate = gates.get(node)
  if (gate === undefined) {
    gate = new StreamGate(CONCURRENT_CALLS)
    gates.set(node, gate)
  }
  return gate
}

export interface Served {
  close: () => Promise<void>
}

/** The command every protocol answers (with the node's clock), so any service can be probed alike. */
export const PING = 'ping'

/** Registers `served`'s commands (plus `ping`) on `protocol`. */
export async function serve(node: P2PNode, protocol: string, served: Commands): Promise<Served> {
  const ping = commands({ [PING]: bodyShape<unknown>({ type: 'object' }) }, { [PING]: () => ({ time: nowSeconds() }) })
  const handlers = { ...ping.handlers, ...served.handlers }
  const check = bodyChecks(protocol, { ...ping.shapes, ...served.shapes })
  await node.handle(
    protocol,
    (stream: Stream, connection: Connection) => {
      void answer(stream, connection, handlers, check)
    },
    { runOnLimitedConnection: false, maxInboundStreams: STREAM_LIMIT, maxOutboundStreams: STREAM_LIMIT }
  )
  return {
    close: async () => {
      await node.unhandle(protocol).catch(() => {})
    }
  }
}

const nowSeconds = (): number => Math.floor(Date.now() / 1000)

async function answer(
  stream: Stream,
  connection: Connection,
  handlers: Commands['handlers'],
  check: BodyCheck
): Promise<void> {
  const lp = lpStream(stream, LP_OPTIONS)
  let reply: Reply
  try {
    const req = JSON.parse(dec.decode((await lp.read()).subarray())) as { cmd?: string; body?: unknown }
    const handler = typeof req.cmd === 'string' && Object.hasOwn(handlers, req.cmd) ? handlers[req.cmd] : undefined
    if (handler === undefined) {
      reply = {
        ok: false,
        code: 'UNKNOWN_COMMAND',
        message: `unknown command "${String(req.cmd)}"; known: ${Object.keys(handlers).join(', ')}`
      }
    } else {
      const body = req.body ?? {}
      check(req.cmd as string, body)
      reply = { ok: true, data: (await handler(body as never, { from: connection.remotePeer })) ?? null }
    }
  } catch (thrown) {
    const err = diskFullOr(thrown)
    reply =
      err instanceof DreamError
        ? { ok: false, code: err.code, message: err.message }
        : { ok: false, code: 'INTERNAL', message: errorMessage(err) }
  }
  try {
    await lp.write(enc.encode(JSON.stringify(reply)))
    await stream.close()
  } catch {
    stream.abort(new Error('reply failed'))
  }
}

export interface CallOptions {
  signal?: AbortSignal
  timeoutMs?: number
}

/** Sends one command to `target` and returns its data, or throws the remote DreamError. */
export async function call<T = unknown>(
  node: P2PNode,
  target: PeerId | Multiaddr | Multiaddr[],
  protocol: string,
  cmd: string,
  body: unknown = {},
  o: CallOptions = {}
): Promise<T> {
  const timeoutMs = o.timeoutMs ?? 15_000
  const signal =
    o.signal !== undefined
      ? AbortSignal.any([o.signal, AbortSignal.timeout(timeoutMs)])
      : AbortSignal.timeout(timeoutMs)
  let stream: Stream | undefined
  let release: (() => void) | undefined
  try {
    release = await gateOf(node).enter(signal)
    stream = await node.dialProtocol(target, protocol, { signal, maxOutboundStreams: STREAM_LIMIT })
    const lp = lpStream(stream, LP_OPTIONS)
    await lp.write(enc.encode(JSON.stringify({ cmd, body })), { signal })
    const reply = JSON.parse(dec.decode((await lp.read({ signal })).subarray())) as Reply
    await stream.close().catch(() => {})
    if (!reply.ok) {
      throw new DreamError(receivedCode(reply.code, 'REMOTE_ERROR'), reply.message ?? 'remote error')
    }
    return reply.data as T
  } catch (err) {
    stream?.abort(err instanceof Error ? err : new Error(String(err)))
    if (err instanceof DreamError) throw err
    if (signal.aborted)
      throw new TimeoutError('P2P_TIMEOUT', `${protocol} ${cmd} got no answer within ${timeoutMs} ms`, { cause: err })
    throw new DreamError('P2P_UNREACHABLE', `${protocol} ${cmd} failed: ${errorMessage(err)}`, {
      cause: err
    })
  } finally {
    release?.()
  }
}
