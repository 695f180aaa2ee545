/**
 * The `taubyte/sdk` dns functions (go-sdk `dns`), with tau's names, signatures and errno results: `dnsNewResolver`
 * gives a resolver id, `dnsRerouteResolver(id, address, network)` points it at a DNS server of the function's
 * choosing and `dnsResetResolver` back at the node's own; `dnsLookupTxT`, `dnsLookupAddress` (reverse),
 * `dnsLookupCNAME` and `dnsLookupMX` are size-then-read pairs: the size call looks the name up (a host call,
 * host-bridge.ts, bounded by the call's remaining time) and keeps the answer, which the read call writes. Lists are
 * NUL-terminated strings (go-sdk's codec); a CNAME is one plain string.
 */
import { clearUsed } from './clear-used.js'
import { Errno } from './errno.js'
import { encode, type GuestMemory } from './guest-memory.js'
import { guarded, hostAsker } from './host-guard.js'
import type { HostReply } from './host-calls.js'
import { type HostModule, perCall } from './host-module.js'

/**
 * A DNS lookup of a function (answered by the substrate's FunctionDns): `server` is the `address:port` a rerouted
 * resolver asks, else the node's own resolver answers; `timeoutMs` is what the function's own timeout leaves.
 * The records come back as `keys` (an MX as `host/pref/`, as tau writes it).
 */
export interface DnsCall {
  op: 'dnsLookup'
  kind: 'txt' | 'address' | 'cname' | 'mx'
  name: string
  server?: string
  timeoutMs: number
}

interface Resolver {
  server: string | undefined
  /** Answers of the size calls by `<kind> <name>`, read by the following read call. */
  answers: Map<string, Uint8Array>
}

type Fn = (...args: number[]) => number
type Kind = DnsCall['kind']

const FAILED: Record<Kind, number> = {
  txt: Errno.FailedTxTLookup,
  address: Errno.FailedAddressLookup,
  cname: Errno.FailedCNAMELookup,
  mx: Errno.FailedMXLookup
}

export class DnsResolvers {
  readonly #resolvers = new Map<number, Resolver>()
  #next = 0

  /** Forgets every resolver: called when a guest call ends. */
  reset(): void {
    clearUsed(this.#resolvers)
    this.#next = 0
  }

  imports(
    ctx: { mem: GuestMemory; readonly logs: string[]; remainingMs: () => number },
    host: ((c: DnsCall) => HostReply) | undefined
  ): Record<string, Fn> {
    const ask = hostAsker<DnsCall>(ctx, host, 'dns', 'dns is')
    const size = (kind: Kind): Fn =>
      guarded((id, namePtr, nameLen, sizePtr) => {
        const name = ctx.mem.string(namePtr, nameLen)
        const r = this.#resolvers.get(id >>> 0)
        if (r === undefined) return Errno.ResolverNotFound
        ctx.mem.check(sizePtr >>> 0, 4)
        const server = r.server === undefined ? {} : { server: r.server }
        const got = ask({ op: 'dnsLookup', kind, name, ...server, timeoutMs: ctx.remainingMs() }, FAILED[kind])
        if (!got.ok) return FAILED[kind]
        const records = got.keys ?? []
        const bytes = kind === 'cname' ? encode(records[0] ?? '') : encode(records.map(x => `${x}\0`).join(''))
        r.answers.set(`${kind} ${name}`, bytes)
        ctx.mem.setU32(sizePtr, bytes.length)
        return Errno.None
      })
    // tau answers a read without its size call with the TXT lookup's errno, whatever the kind.
    const read = (kind: Kind): Fn =>
      guarded((id, namePtr, nameLen, bufPtr) => {
        const name = ctx.mem.string(namePtr, nameLen)
        const r = this.#resolvers.get(id >>> 0)
        if (r === undefined) return Errno.ResolverNotFound
        const bytes = r.answers.get(`${kind} ${name}`)
        if (bytes === undefined) return Errno.FailedTxTLookup
        ctx.mem.write(bufPtr, bytes)
        return Errno.None
      })
    const withResolver = (f: (r: Resolver, ...a: number[]) => number): Fn =>
      guarded((id = 0, ...a) => {
        const r = this.#resolvers.get(id >>> 0)
        return r === undefined ? Errno.ResolverNotFound : f(r, ...a)
      })
    return {
      dnsNewResolver: guarded(idPtr => {
        ctx.mem.check(idPtr >>> 0, 4)
        const id = this.#next++ >>> 0
        this.#resolvers.set(id, { server: undefined, answers: new Map() })
        ctx.mem.setU32(idPtr, id)
        return Errno.None
      }),
      // The network (udp, tcp) is not kept: the node asks over UDP and retries over TCP when an answer is cut.
      dnsRerouteResolver: withResolver((r, addrPtr = 0, addrLen = 0, netPtr = 0, netLen = 0) => {
        const address = ctx.mem.string(addrPtr, addrLen)
        ctx.mem.string(netPtr, netLen)
        r.server = address
        return Errno.None
      }),
      dnsResetResolver: withResolver(r => {
        r.server = undefined
        return Errno.None
      }),
      dnsLookupTxTSize: size('txt'),
      dnsLookupTxT: read('txt'),
      dnsLookupAddressSize: size('address'),
      dnsLookupAddress: read('address'),
      dnsLookupCNAMESize: size('cname'),
      dnsLookupCNAME: read('cname'),
      dnsLookupMXSize: size('mx'),
      dnsLookupMX: read('mx')
    }
  }
}

/** A lookup waits on the network: a module importing any of these runs in a worker. */
export const dnsModule: HostModule<DnsCall, 'dns'> = {
  name: 'dns',
  module: 'taubyte/sdk',
  imports: [
    'dnsNewResolver',
    'dnsRerouteResolver',
    'dnsResetResolver',
    'dnsLookupTxTSize',
    'dnsLookupTxT',
    'dnsLookupAddressSize',
    'dnsLookupAddress',
    'dnsLookupCNAMESize',
    'dnsLookupCNAME',
    'dnsLookupMXSize',
    'dnsLookupMX'
  ],
  inline: false,
  calls: { dnsLookup: true },
  link: ctx => perCall(new DnsResolvers(), r => r.imports(ctx, ctx.host))
}
