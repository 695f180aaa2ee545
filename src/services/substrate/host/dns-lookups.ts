/**
 * The DNS lookups functions make (go-sdk `dns`), made by the substrate for the worker that asked (host-dns.ts):
 * with the node's own resolver, or with the server a function rerouted its resolver to. A rerouted server is
 * judged as outbound HTTP's addresses are (src/shared/address-guard.ts: this machine in any spelling, private and
 * link-local networks are refused), but for the universe's own DNS server (seer's `dns` port on loopback), which
 * answers only DNS, for the universe's names. Each lookup is bounded by what the function's timeout leaves, and
 * by LOOKUP_MS.
 */
import { Resolver } from 'node:dns/promises'
import { isIP } from 'node:net'
import { deniedAddress, isLoopback } from '../../../shared/address-guard.js'
import { errorMessage } from '../../../shared/errors.js'
import type { HostReply } from '../../../vm/host-calls.js'
import type { DnsCall } from '../../../vm/host-dns.js'
import type { HostPart } from './host-part.js'

const LOOKUP_MS = 10_000

export class FunctionDns implements HostPart<DnsCall> {
  readonly #universeDns: () => number | undefined

  /** `universeDns`: the port of the universe's DNS server, if one runs. */
  constructor(universeDns: () => number | undefined) {
    this.#universeDns = universeDns
  }

  async answer(c: DnsCall): Promise<HostReply> {
    const timeout = Math.min(LOOKUP_MS, c.timeoutMs)
    if (timeout <= 0) return { ok: false, log: `${c.kind} ${c.name}: no time left before the function's timeout` }
    const resolver = new Resolver({ timeout, tries: 1 })
    if (c.server !== undefined) {
      const refused = this.#refuse(c.server)
      if (refused !== undefined) return { ok: false, log: refused }
      resolver.setServers([c.server])
    }
    try {
      return { ok: true, keys: await records(resolver, c) }
    } catch (err) {
      return { ok: false, log: `${c.kind} lookup of ${c.name} failed: ${errorMessage(err)}` }
    } finally {
      resolver.cancel()
    }
  }

  /** Why a function may not ask `server`, or undefined when it may. */
  #refuse(server: string): string | undefined {
    const m = /^\[?([^\]]+?)\]?(?::(\d+))?$/.exec(server)
    const [address, port] = [m?.[1] ?? '', Number(m?.[2] ?? 53)]
    // An IPv6 address without brackets has colons of its own and no port.
    const ip = isIP(server) !== 0 ? server : address
    if (isIP(ip) === 0) return `resolver ${server}: the server must be an IP address (with :port when not 53)`
    const at = isIP(server) !== 0 ? 53 : port
    if (isLoopback(ip) && at === this.#universeDns()) return undefined
    const denied = deniedAddress(ip)
    return denied === undefined
      ? undefined
      : `refused resolver ${server}: ${ip} is ${denied}, which functions may not use`
  }
}

async function records(r: Resolver, c: DnsCall): Promise<string[]> {
  switch (c.kind) {
    case 'txt':
      return (await r.resolveTxt(c.name)).map(parts => parts.join(''))
    case 'address':
      return await r.reverse(c.name)
    case 'cname':
      return await r.resolveCname(c.name)
    case 'mx':
      return (await r.resolveMx(c.name)).map(x => `${x.exchange}/${x.priority}/`)
  }
}
