/**
 * p2p function calls (tau's substrate p2p component). A function's `newCommand(protocol, command)` is checked
 * against its project's services (ErrorP2PProtocolNotFound when none has that protocol), and `Send(data)` goes
 * over libp2p (`/substrate/v1` `p2pCall`) to another substrate of the universe when there is one (else this one
 * serves it), which runs the project's function serving that protocol and command in its worker pool and
 * answers with what it wrote. The project travels with the call and the serving function is looked up in that
 * project only, so a function never reaches another project's p2p functions.
 */
import { DreamError, errorMessage, NotFoundError } from '../../../shared/errors.js'
import type { Directory, NodeEntry } from '../../../p2p/directory.js'
import { Errno } from '../../../vm/errno.js'
import type { HostReply, P2PCall } from '../../../vm/host-calls.js'
import type { InvokeRequest } from '../../../vm/index.js'
import type { SubstrateClient } from '../client.js'
import type { FunctionRecord } from '../function-host.js'
import { callForEvent, type EventCallParts } from '../event-call.js'
import type { P2PCallBody, P2PCallReply } from '../protocol.js'
import { scopeHash } from '../pubsub/topic.js'
import type { P2PFunction, P2PLookup } from './lookup.js'

/** How long a caller's substrate waits for the called function's answer (the caller's own timeout ends it sooner). */
const CALL_MS = 60_000

interface P2PCallsOptions extends EventCallParts {
  lookup: P2PLookup
  client: SubstrateClient
  directory: Directory
  /** This substrate's peer id. */
  self: string
  /** What answers the called function's own host operations. */
  host: (fn: P2PFunction) => InvokeRequest['host']
}

export class P2PCalls {
  readonly #o: P2PCallsOptions

  constructor(o: P2PCallsOptions) {
    this.#o = o
  }

  /** Answers a calling function's p2p host calls. */
  async answer(fn: FunctionRecord, c: P2PCall): Promise<HostReply> {
    const service = await this.#o.lookup.service(fn.project, fn.application, c.protocol)
    if (service === undefined)
      return {
        ok: false,
        errno: Errno.P2PProtocolNotFound,
        log: `no service of project ${fn.project} has protocol "${c.protocol}"; add one in services/`
      }
    if (c.op === 'p2pOpen') return { ok: true }
    const body: P2PCallBody = {
      project: fn.project,
      application: fn.application,
      protocol: c.protocol,
      command: c.command,
      data: Buffer.from(c.data).toString('base64')
    }
    try {
      const peer = this.#peer()
      // libp2p does not dial its own node: a substrate alone in its universe serves the call itself.
      const r =
        peer.peerId === this.#o.self ? await this.serve(body) : await this.#o.client.p2pCall(peer, body, CALL_MS)
      return { ok: true, data: new Uint8Array(Buffer.from(r.data, 'base64')) }
    } catch (err) {
      return { ok: false, errno: Errno.P2PSendFailed, log: `${c.protocol} ${c.command}: ${errorMessage(err)}` }
    }
  }

  /** The `p2pCall` handler: runs the serving function and returns what it wrote. */
  async serve(b: P2PCallBody): Promise<P2PCallReply> {
    const { lookup } = this.#o
    const service = await lookup.service(b.project, b.application, b.protocol)
    const fn = service === undefined ? undefined : await lookup.function(b.project, service, b.command)
    if (fn === undefined)
      throw new NotFoundError(
        'P2P_COMMAND_NOT_FOUND',
        `no p2p function of project ${b.project} serves command "${b.command}" on protocol "${b.protocol}"`
      )
    const out = await this.#run(fn, b)
    return { data: Buffer.from(out).toString('base64') }
  }

  /** Another substrate when there is one (the call crosses nodes, as tau's goes to a serving peer), else this. */
  #peer(): NodeEntry {
    const all = this.#o.directory.byRole('substrate')
    const others = all.filter(e => e.peerId !== this.#o.self)
    const pick = others.length > 0 ? others : all
    const peer = pick[Math.floor(Math.random() * pick.length)]
    if (peer === undefined) throw new DreamError('SERVICE_NOT_RUNNING', 'no substrate is running in this universe')
    return peer
  }

  async #run(fn: P2PFunction, b: P2PCallBody): Promise<Uint8Array> {
    return await callForEvent(this.#o, fn, {
      p2p: { protocol: b.protocol, command: b.command, data: new Uint8Array(Buffer.from(b.data, 'base64')) },
      host: this.#o.host(fn),
      scope: {
        project: fn.project,
        application: fn.application,
        function: fn.id,
        hash: scopeHash(fn.project, fn.application)
      }
    })
  }
}
