/**
 * The synchronous bridge from a worker's host functions to the node's main thread, which owns the libp2p node.
 * The guest's call is synchronous and the answer comes from another node, so the worker posts the request and
 * blocks in `Atomics.wait` until the main thread has put the reply on a MessagePort of this worker's own and
 * notified; the reply is read with `receiveMessageOnPort`, whatever its size. The most common reply, a bare
 * success (a database put), is said in the shared word itself instead: no message to route to a thread that is
 * not reading its port anyway. The wait is bounded by the call's
 * deadline, and the runtime still terminates the worker at that deadline (a blocked wait included), so a
 * function waiting on its database has the same timeout as one that loops.
 */
import { MessageChannel, type MessagePort, receiveMessageOnPort } from 'node:worker_threads'
import type { HostReply } from './host-calls.js'
import type { HostCall } from './host-modules.js'

/** The worker's first bridge message: where replies go and what it waits on. */
export interface BridgeHello {
  hostPort: MessagePort
  /** Int32 0: 0 while waiting, ON_PORT when a reply is on the port, -seq when call seq's reply is `{ ok: true }`. */
  signal: SharedArrayBuffer
}
const ON_PORT = 1
export interface HostCallMessage {
  hostCall: HostCall
  seq: number
}
interface HostReplyMessage {
  seq: number
  reply: HostReply
}

export class WorkerBridge {
  readonly #signal = new Int32Array(new SharedArrayBuffer(4))
  readonly #replies: MessagePort
  readonly #post: (m: HostCallMessage) => void
  #seq = 0
  /** When the current guest call must end (Date.now() clock), set before each call. */
  deadline = 0

  constructor(post: (m: HostCallMessage | BridgeHello, transfer?: MessagePort[]) => void) {
    const ch = new MessageChannel()
    this.#replies = ch.port1
    this.#post = post
    post({ hostPort: ch.port2, signal: this.#signal.buffer as SharedArrayBuffer }, [ch.port2])
  }

  call(c: HostCall): HostReply {
    const seq = ++this.#seq
    this.#post({ hostCall: c, seq })
    for (;;) {
      // Cleared before reading the port: a reply landing after the read sets it again, so the wait returns.
      if (Atomics.exchange(this.#signal, 0, 0) === -seq) return { ok: true }
      for (let m = receiveMessageOnPort(this.#replies); m !== undefined; m = receiveMessageOnPort(this.#replies)) {
        const r = m.message as HostReplyMessage
        if (r.seq === seq) return r.reply
      }
      const left = this.deadline - Date.now()
      if (left <= 0) return { ok: false, log: `${c.op}: no answer from the node before the call's deadline` }
      Atomics.wait(this.#signal, 0, 0, left)
    }
  }
}

/** Main thread: sends a reply to a worker's bridge and wakes it. */
export function answerHostCall(hello: BridgeHello, seq: number, reply: HostReply): void {
  const bare = reply.ok && Object.keys(reply).length === 1
  if (!bare) hello.hostPort.postMessage({ seq, reply } satisfies HostReplyMessage)
  const signal = new Int32Array(hello.signal)
  Atomics.store(signal, 0, bare ? -seq : ON_PORT)
  Atomics.notify(signal, 0)
}
