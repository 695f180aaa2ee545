/**
 * p2p function calls (tau's substrate p2p component). A function's `newCommand(protocol, command)` is checked
 * against its project's services (ErrorP2PProtocolNotFound when none has that protocol), and `Send(data)` goes
 * over libp2p (`/substrate/v1` `p2pCall`) to another substrate of the universe when there is one (else this one
 * serves it: libp2p does not dial its own node), which runs the project's function serving that protocol and
 * command in its worker pool and answers with what it wrote. The project travels with the call and the serving
 * function is looked up in that project only, so a function never reaches another project's p2p functions.
 * `SendTo` names the substrate to call; `Discover` lists the substrates, since each serves every project's p2p
 * functions; the called function reads who called (`From`) and where it runs (`To`).
 */
import { DreamError, errorMessage, NotFoundError } from '../../../shared/errors.js'
import { deterministicId } from '../../../shared/ids.js'
import { encode } from '../../../vm/guest-memory.js'
import type { Directory, NodeEntry } from '../../../p2p/directory.js'
import { Errno } from '../../../vm/errno.js'
import type { HostReply } from '../../../vm/host-calls.js'
import type { P2PCall } from '../../../vm/p2p-sdk.js'
import type { SubstrateClient } from '../client.js'
import type { FunctionRecord, HostOf, HostPart } from '../host/host-part.js'
import { callForEvent, type EventCallParts } from '../serving/event-call.js'
import type { P2PCallBody, P2PCallReply } from '../protocol.js'
import { scopeHash } from '../pubsub/topic.js'
import type { P2PFunction, P2PLookup } from './lookup.js'

interface P2PCallsOptions extends EventCallParts {
  lookup: P2PLookup
  client: SubstrateClient
  directory: Directory
  /** This substrate's peer id. */
  self: string
  /** How long a caller's substrate waits for the called function's answer (the caller's own timeout ends it sooner). */
  callMs: number
}

export class P2PCalls implements HostPart<P2PCall> {
  readonly #o: P2PCallsOptions

  constructor(o: P2PCallsOptions) {
    this.#o = o
  }

  /** Answers a calling function's p2p host calls. */
  async answer(c: P2PCall, fn: FunctionRecord, hostOf: HostOf): Promise<HostReply> {
    // Every substrate serves every project's p2p functions (`p2pCall`), so these are the peers to discover.
    if (c.op === 'p2pDiscover')
      return {
        ok: true,
        keys: this.#substrates()
          .slice(0, c.max)
          .map(e => e.peerId)
      }
    const service = await this.#o.lookup.service(fn.project, fn.application, c.protocol)
    if (service === undefined)
      return {
        ok: false,
        errno: Errno.P2PProtocolNotFound,
        log: `no service of project ${fn.project} has protocol "${c.protocol}"; add one in services/`
      }
    if (c.op === 'p2pOpen') return { ok: true }
    // Named as tau names the protocol a service's listener serves: a hash of its scope, then the protocol.
    if (c.op === 'p2pListen')
      return { ok: true, data: encode(deterministicId(fn.project + service.application + service.name) + c.protocol) }
    const to = c.to === undefined ? this.#peer() : this.#substrates().find(e => e.peerId === c.to)
    if (to === undefined)
      return { ok: false, errno: Errno.P2PSendFailed, log: `${c.to ?? ''} is not a substrate of this universe` }
    const body: P2PCallBody = {
      project: fn.project,
      application: fn.application,
      protocol: c.protocol,
      command: c.command,
      data: Buffer.from(c.data).toString('base64')
    }
    try {
      // A node does not dial itself: a call to this substrate runs here, from this peer.
      const r =
        to.peerId === this.#o.self
          ? await this.serve(body, to.peerId, hostOf)
          : await this.#o.client.p2pCall(to, body, this.#o.callMs)
      return { ok: true, data: new Uint8Array(Buffer.from(r.data, 'base64')) }
    } catch (err) {
      return { ok: false, errno: Errno.P2PSendFailed, log: `${c.protocol} ${c.command}: ${errorMessage(err)}` }
    }
  }

  /**
   * The `p2pCall` handler: runs the serving function for the peer `from` and returns what it wrote; `hostOf`
   * answers that function's own host calls.
   */
  async serve(b: P2PCallBody, from: string, hostOf: HostOf): Promise<P2PCallReply> {
    const { lookup } = this.#o
    const service = await lookup.service(b.project, b.application, b.protocol)
    const fn = service === undefined ? undefined : await lookup.function(b.project, service, b.command)
    if (fn === undefined)
      throw new NotFoundError(
        'P2P_COMMAND_NOT_FOUND',
        `no p2p function of project ${b.project} serves command "${b.command}" on protocol "${b.protocol}"`
      )
    const out = await this.#run(fn, b, from, hostOf)
    return { data: Buffer.from(out).toString('base64') }
  }

  /** Another substrate when there is one (the call crosses nodes, as tau's goes to a serving peer), else this. */
  #peer(): NodeEntry {
    const all = this.#substrates()
    const others = all.filter(e => e.peerId !== this.#o.self)
    const pick = others.length > 0 ? others : all
    const peer = pick[Math.floor(Math.random() * pick.length)]
    if (peer === undefined) throw new DreamError('SERVICE_NOT_RUNNING', 'no substrate is running in this universe')
    return peer
  }

  #substrates(): NodeEntry[] {
    return this.#o.directory.byRole('substrate')
  }

  async #run(fn: P2PFunction, b: P2PCallBody, from: string, hostOf: HostOf): Promise<Uint8Array> {
    const data = new Uint8Array(Buffer.from(b.data, 'base64'))
    return await callForEvent(this.#o, fn, {
      p2p: { protocol: b.protocol, command: b.command, data, from, to: this.#o.self },
      host: hostOf(fn),
      scope: {
        project: fn.project,
        application: fn.application,
        function: fn.id,
        hash: scopeHash(fn.project, fn.application)
      }
    })
  }
}
