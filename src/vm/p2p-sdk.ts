/**
 * The p2p functions of the `taubyte/sdk` host module, with tau's names, signatures and errno results (go-sdk
 * `p2p/node` and `p2p/event`). Calling side: `newCommand(protocolPtr, protocolLen, commandPtr, commandLen, idPtr)`
 * checks the protocol against the project's services, `sendCommand(id, dataPtr, dataLen, responseSizePtr)` sends
 * and keeps the answer, `readCommandResponse(id, bufPtr, bufLen)` copies it out. Both wait on the node (a host
 * call, host-bridge.ts), so a module importing them never runs inline. Called side: the getters of a p2p event
 * (`getP2PEventCommand[Size]`, `getP2PEventData[Size]`, `getP2PEventProtocol[Size]`, size then read) and
 * `writeP2PResponse(id, bufPtr, bufLen)`, whose bytes are the caller's answer.
 */
import { clearUsed } from './clear-used.js'
import { Errno } from './errno.js'
import { guarded, hostAsker } from './host-guard.js'
import { encode, type GuestMemory, OutOfBounds } from './guest-memory.js'
import type { HostCall, HostReply } from './host-calls.js'

/** Imports that wait on another node: a module importing one must run in a worker. */
export const P2P_CLIENT_IMPORTS: ReadonlySet<string> = new Set([
  'newCommand',
  'sendCommand',
  'sendCommandTo',
  'readCommandResponse'
])

/** The command a p2p-triggered call runs for. */
export interface P2PEventData {
  protocol: string
  command: string
  data: Uint8Array
}

/** A p2p event under way: what the guest reads, and what it wrote back. */
export interface P2PEvent {
  protocol: Uint8Array
  command: Uint8Array
  data: Uint8Array
  response: Uint8Array
}

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

  /** Forgets every command: called when a guest call ends. */
  reset(): void {
    clearUsed(this.#commands)
    this.#next = 0
  }

  /** `host` is undefined where nothing can answer (an instance on the main thread). */
  imports(ctx: Pick<P2PContext, 'mem' | 'logs'>, host: ((c: HostCall) => HostReply) | undefined): Record<string, Fn> {
    const ask = hostAsker<HostCall>(ctx, host, 'p2p', 'p2p is')
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
      sendCommand: guarded((id, dataPtr, dataLen, sizePtr) => {
        const cmd = this.#commands.get(id >>> 0)
        if (cmd === undefined) return Errno.ClientNotFound
        // A copy: the guest's memory is not ours to hand to another thread.
        const data = ctx.mem.bytes(dataPtr, dataLen).slice()
        ctx.mem.check(sizePtr >>> 0, 4)
        const r = ask({ op: 'p2pSend', protocol: cmd.protocol, command: cmd.command, data }, Errno.P2PSendFailed)
        if (!r.ok) return r.errno
        cmd.body = r.data ?? new Uint8Array(0)
        ctx.mem.setU32(sizePtr, cmd.body.length)
        return Errno.None
      }),
      sendCommandTo: guarded(id => {
        if (!this.#commands.has(id >>> 0)) return Errno.ClientNotFound
        ctx.logs.push('p2p: sending to a chosen node (SendTo) is not supported here; use Send')
        return Errno.P2PSendFailed
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
    writeP2PResponse: getter((e, bufPtr, bufLen) => {
      e.response = mem.bytes(bufPtr, bufLen).slice()
    })
  }
}

/** A p2p event as the guest reads it. */
export function p2pEvent(d: P2PEventData): P2PEvent {
  return { protocol: encode(d.protocol), command: encode(d.command), data: d.data, response: new Uint8Array(0) }
}
