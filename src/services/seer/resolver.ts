import type { DnsAnswer } from '../../dns/server.js'
import type { Directory } from '../../p2p/directory.js'
import { SERVICES } from '../types.js'

export interface SeerResolverDeps {
  directory: Directory
  /** `<universe>.localtau` */
  fqdn: string
  /** True when TNS has `domains/<reversed labels>` (a generated or registered domain). */
  isRegistered: (labels: string[]) => Promise<boolean>
}

const NX: DnsAnswer = { rcode: 3 }

/**
 * Seer's DNS logic: `<service>.tau.<fqdn>` → the nodes running that service (A and TXT
 * with their p2p multiaddrs); a domain registered in TNS → the HTTP-serving nodes (gateways when any run, else
 * substrates); anything else NXDOMAIN. Everything here runs on 127.0.0.1, so every A record is 127.0.0.1.
 */
export function seerResolver(
  deps: SeerResolverDeps
): (name: string, type: 'A' | 'TXT' | 'OTHER') => Promise<DnsAnswer> {
  const servicesSuffix = `.tau.${deps.fqdn}`
  return async (name, type) => {
    if (name.endsWith(servicesSuffix)) {
      const service = name.slice(0, -servicesSuffix.length)
      const nodes = (SERVICES as readonly string[]).includes(service) ? deps.directory.byRole(service) : []
      if (nodes.length === 0) return NX
      if (type === 'A') return { rcode: 0, a: ['127.0.0.1'] }
      if (type === 'TXT') return { rcode: 0, txt: nodes.flatMap(n => n.addrs.map(a => a.toString())) }
      return { rcode: 0 }
    }
    if (!(await deps.isRegistered(name.split('.').reverse()))) return NX
    const http = [...deps.directory.byRole('gateway'), ...deps.directory.byRole('substrate')]
    if (type === 'A') return http.length > 0 ? { rcode: 0, a: ['127.0.0.1'] } : { rcode: 0 }
    return { rcode: 0 }
  }
}
