/**
 * The p2p functions of the `taubyte/sdk` host module, with tau's names, signatures and errno results (go-sdk
 * `p2p/node` and `p2p/event`). Calling side: `newCommand(protocolPtr, protocolLen, commandPtr, commandLen, idPtr)`
 * checks the protocol against the project's services, `sendCommand(id, dataPtr, dataLen, responseSizePtr)` sends
 * and keeps the answer, `readCommandResponse(id, bufPtr, bufLen)` copies it out. Both wait on the node (a host
 * call, host-bridge.ts), so a module importing them never runs inline. Called side: the getters of a p2p event
 * (`getP2PEventCommand[Size]`, `getP2PEventData[Size]`, `getP2PEventProtocol[Size]`, size then read) and
 * `writeP2PResponse(id, bufPtr, bufLen)`, whose bytes are the caller's answer; `getP2PEventFrom`/`getP2PEventTo`
 * write the caller's and this node's peer id as a CID (go-libp2p `peer.ToCid`) into go-sdk's 64-byte buffer.
 * `sendCommandTo(id, cidPtr, ...)` sends to the substrate whose peer CID it names, `discoverPeersSize(max,
 * timeout, idPtr, sizePtr)` + `discoverPeers(id, bufPtr)` list those substrates (u16-length-prefixed CIDs, go-sdk's
 * codec), and `listenToProtocolSize` + `listenToProtocol` answer the protocol name a service is served under.
 */
import { clearUsed } from './clear-used.js'
import { Errno } from './errno.js'
import { guarded, hostAsker } from './host-guard.js'
import { type GuestMemory, OutOfBounds } from './guest-memory.js'
import { peerCid, peerIdFromCid } from '../shared/cid.js'
import type { HostReply } from './host-calls.js'
import { type HostModule, otherEventType, perCall } from './host-module.js'
import type { P2PEvent } from './p2p-event.js'

/** A p2p operation of a function: commands to another function of the project (answered by P2PCalls). */
export type P2PCall =
  | { op: 'p2pOpen'; protocol: string }
  /** `to`: the peer id of the substrate to call (go-sdk `SendTo`); any substrate without it. */
  | { op: 'p2pSend'; protocol: string; command: string; data: Uint8Array; to?: string }
  /** The protocol name a function listening on a service's protocol is reached by (go-sdk `Listen`). */
  | { op: 'p2pListen'; protocol: string }
  /** Up to `max` peers that serve the project's p2p functions (go-sdk `Discover`), as `keys`. */
  | { op: 'p2pDiscover'; max: number }

/** go-sdk's CID buffer: a guest reads and writes CIDs through one of this many bytes. */
const CID_BUFFER = 64

const EVENT_TYPE_P2P = 3

type Fn = (...args: number[]) => number | undefined

export interface P2PContext {
  mem: GuestMemory
  /** The current call's log lines (swapped per call, so read each time). */
  readonly logs: string[]
  /** The p2p event with this id, if the id is one. */
  event(id: number): P2PEvent | undefined
  /** getEventType for every other kind of event. */
  otherEventType: (id: number, typePtr: number) => unknown
}

interface Command {
  protocol: string
  command: string
  /** The last answer, read back by readCommandResponse. */
  body: Uint8Array
}

export class P2PCommands {
  readonly #commands = new Map<number, Command>()
  #next = 0
  /** Discovered peers by id, read back by discoverPeers; the protocol name listenToProtocolSize found. */
  readonly #discovered = new Map<number, Uint8Array>()
  #listening: Uint8Array | undefined

  /** Forgets every command: called when a guest call ends. */
  reset(): void {
    clearUsed(this.#commands)
    this.#next = 0
    clearUsed(this.#discovered)
    this.#listening = undefined
  }

  /** `host` is undefined where nothing can answer (an instance on the main thread). */
  imports(ctx: Pick<P2PContext, 'mem' | 'logs'>, host: ((c: P2PCall) => HostReply) | undefined): Record<string, Fn> {
    const ask = hostAsker<P2PCall>(ctx, host, 'p2p', 'p2p is')
    const send = (id: number, to: string | undefined, dataPtr: number, dataLen: number, sizePtr: number) => {
      const cmd = this.#commands.get(id >>> 0)
      if (cmd === undefined) return Errno.ClientNotFound
      // A copy: the guest's memory is not ours to hand to another thread.
      const data = ctx.mem.bytes(dataPtr, dataLen).slice()
      ctx.mem.check(sizePtr >>> 0, 4)
      const { protocol, command } = cmd
      const r = ask(
        { op: 'p2pSend', protocol, command, data, ...(to === undefined ? {} : { to }) },
        Errno.P2PSendFailed
      )
      if (!r.ok) return r.errno
      cmd.body = r.data ?? new Uint8Array(0)
      ctx.mem.setU32(sizePtr, cmd.body.length)
      return Errno.None
    }
    return {
      newCommand: guarded((protocolPtr, protocolLen, commandPtr, commandLen, idPtr) => {
        const protocol = ctx.mem.string(protocolPtr, protocolLen)
        const command = ctx.mem.string(commandPtr, commandLen)
        ctx.mem.check(idPtr >>> 0, 4)
        const r = ask({ op: 'p2pOpen', protocol }, Errno.P2PProtocolNotFound)
        if (!r.ok) return r.errno
        const id = this.#next++ >>> 0
        this.#commands.set(id, { protocol, command, body: new Uint8Array(0) })
        ctx.mem.setU32(idPtr, id)
        return Errno.None
      }),
      sendCommand: guarded((id, dataPtr, dataLen, sizePtr) => send(id, undefined, dataPtr, dataLen, sizePtr)),
      sendCommandTo: guarded((id, cidPtr, dataPtr, dataLen, sizePtr) => {
        if (!this.#commands.has(id >>> 0)) return Errno.ClientNotFound
        const to = peerIdFromCid(ctx.mem.bytes(cidPtr, CID_BUFFER))
        if (to === undefined) return Errno.InvalidCid
        return send(id, to, dataPtr, dataLen, sizePtr)
      }),
      listenToProtocolSize: guarded((protocolPtr, protocolLen, sizePtr) => {
        const protocol = ctx.mem.string(protocolPtr, protocolLen)
        ctx.mem.check(sizePtr >>> 0, 4)
        const r = ask({ op: 'p2pListen', protocol }, Errno.P2PListenFailed)
        if (!r.ok) return r.errno
        this.#listening = r.data ?? new Uint8Array(0)
        ctx.mem.setU32(sizePtr, this.#listening.length)
        return Errno.None
      }),
      // As tau's: the name the size call found, whatever protocol this call names; a wrong size is EOF.
      listenToProtocol: guarded((_protocolPtr, _protocolLen, bufPtr, bufLen) => {
        const name = this.#listening ?? new Uint8Array(0)
        if (bufLen >>> 0 !== name.length) return Errno.EOF
        ctx.mem.write(bufPtr, name)
        return Errno.None
      }),
      discoverPeersSize: guarded((max, _timeoutNs, idPtr, sizePtr) => {
        ctx.mem.check(idPtr >>> 0, 4)
        ctx.mem.check(sizePtr >>> 0, 4)
        const r = ask({ op: 'p2pDiscover', max: max >>> 0 }, Errno.P2PDiscoverFailed)
        if (!r.ok) return r.errno
        const cids = (r.keys ?? []).map(peerCid)
        const list = new Uint8Array(cids.reduce((n, c) => n + 2 + c.length, 0))
        let at = 0
        for (const c of cids) {
          list[at] = c.length & 0xff
          list[at + 1] = c.length >>> 8
          list.set(c, at + 2)
          at += 2 + c.length
        }
        const id = this.#discovered.size >>> 0
        this.#discovered.set(id, list)
        ctx.mem.setU32(idPtr, id)
        ctx.mem.setU32(sizePtr, list.length)
        return Errno.None
      }),
      discoverPeers: guarded((id, bufPtr) => {
        const list = this.#discovered.get(id >>> 0)
        if (list === undefined) return Errno.P2PDiscoverFailed
        ctx.mem.write(bufPtr, list)
        return Errno.None
      }),
      readCommandResponse: guarded((id, bufPtr, bufLen) => {
        const cmd = this.#commands.get(id >>> 0)
        if (cmd === undefined) return Errno.ClientNotFound
        if (bufLen >>> 0 !== cmd.body.length) return Errno.BufferTooSmall
        ctx.mem.write(bufPtr, cmd.body)
        return Errno.None
      })
    }
  }
}

/** The getters and the answer of a p2p event: unknown event → EventNotFound, bad pointer → AddressOutOfMemory. */
export function p2pEventImports(ctx: P2PContext): Record<string, Fn> {
  const { mem } = ctx
  const getter = (f: (e: P2PEvent, ptr: number, len: number) => void): Fn =>
    guarded((id, ptr, len) => {
      const e = ctx.event(id)
      if (e === undefined) return Errno.EventNotFound
      f(e, ptr, len)
      return Errno.None
    })
  const pair = (value: (e: P2PEvent) => Uint8Array): [Fn, Fn] => [
    getter((e, sizePtr) => {
      mem.setU32(sizePtr, value(e).length)
    }),
    getter((e, bufPtr) => {
      mem.write(bufPtr, value(e))
    })
  ]
  const peer = (value: (e: P2PEvent) => Uint8Array, missing: number): Fn =>
    guarded((id, cidPtr) => {
      const e = ctx.event(id)
      if (e === undefined) return Errno.EventNotFound
      if (value(e).length === 0) return missing
      mem.check(cidPtr >>> 0, CID_BUFFER)
      mem.write(cidPtr, value(e))
      return Errno.None
    })
  const [commandSize, command] = pair(e => e.command)
  const [dataSize, data] = pair(e => e.data)
  const [protocolSize, protocol] = pair(e => e.protocol)
  return {
    getEventType: (id = 0, typePtr = 0) => {
      if (ctx.event(id) === undefined) {
        ctx.otherEventType(id, typePtr)
        return undefined
      }
      try {
        mem.setU32(typePtr, EVENT_TYPE_P2P)
      } catch (err) {
        if (!(err instanceof OutOfBounds)) throw err
      }
      return undefined
    },
    getP2PEventCommandSize: commandSize,
    getP2PEventCommand: command,
    getP2PEventDataSize: dataSize,
    getP2PEventData: data,
    getP2PEventProtocolSize: protocolSize,
    getP2PEventProtocol: protocol,
    getP2PEventFrom: peer(e => e.from, Errno.P2PFromNotFound),
    getP2PEventTo: peer(e => e.to, Errno.P2PToNotFound),
    writeP2PResponse: getter((e, bufPtr, bufLen) => {
      e.response = mem.bytes(bufPtr, bufLen).slice()
    })
  }
}

/** Commands wait on another node: a module importing any of these runs in a worker. */
export const p2pModule: HostModule<P2PCall, 'p2p'> = {
  name: 'p2p',
  module: 'taubyte/sdk',
  imports: [
    'newCommand',
    'sendCommand',
    'sendCommandTo',
    'readCommandResponse',
    'listenToProtocolSize',
    'listenToProtocol',
    'discoverPeersSize',
    'discoverPeers'
  ],
  inline: false,
  calls: { p2pOpen: true, p2pSend: true, p2pListen: true, p2pDiscover: true },
  link: ctx => perCall(new P2PCommands(), c => c.imports(ctx, ctx.host))
}

/** The event's getters read what the call was given: they run anywhere. */
export const p2pEventModule: HostModule<never, 'p2p event'> = {
  name: 'p2p event',
  module: 'taubyte/sdk',
  imports: [
    'getEventType',
    'getP2PEventCommandSize',
    'getP2PEventCommand',
    'getP2PEventDataSize',
    'getP2PEventData',
    'getP2PEventProtocolSize',
    'getP2PEventProtocol',
    'getP2PEventFrom',
    'getP2PEventTo',
    'writeP2PResponse'
  ],
  inline: true,
  calls: {},
  link: (ctx, linked) => ({
    functions: p2pEventImports({
      mem: ctx.mem,
      get logs() {
        return ctx.logs
      },
      event: id => ctx.p2pEvent(id),
      otherEventType: otherEventType(linked)
    })
  })
}
