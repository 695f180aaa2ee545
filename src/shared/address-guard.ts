/**
 * Which network addresses user code (a function's outbound HTTP request, a rerouted DNS resolver) may reach: the
 * public internet only, as tau's netguard decides for its guests. Refused: this machine (loopback, unspecified,
 * any address of its interfaces), link-local (with the cloud metadata address 169.254.169.254), private and
 * carrier-grade NAT networks, multicast, broadcast and reserved ranges, and every IPv6 form that embeds an IPv4
 * address (IPv4-mapped and IPv4-compatible, judged by the IPv4 address inside or refused whole; NAT64, 6to4 and
 * Teredo, refused whole as tau refuses them). Decided on the parsed address (ipaddr.js), never on its spelling.
 */
import { isIP } from 'node:net'
import { networkInterfaces } from 'node:os'
import ipaddr from 'ipaddr.js'
import { InvalidInputError } from './errors.js'

/** Why user code may not reach `address` (an IP literal, without brackets), or undefined when it may. */
export function deniedAddress(address: string): string | undefined {
  const canonical = canonicalIp(address)
  if (canonical === undefined) return 'not an IP address'
  // An IPv4-mapped address (::ffff:a.b.c.d) is judged as the IPv4 address it is connected to.
  const ip = ipaddr.process(canonical)
  const range = ip.range()
  if (range !== 'unicast') return RANGE_NAMES[range] ?? `a ${range} address`
  // ::a.b.c.d (IPv4-compatible, deprecated) has no range of its own in ipaddr.js; nothing public uses it.
  if (ip.kind() === 'ipv6' && (ip as ipaddr.IPv6).parts.slice(0, 6).every(p => p === 0))
    return 'an IPv4-compatible IPv6 address'
  if (isThisMachine(ip)) return 'an address of this machine'
  return undefined
}

/** True when `address` is loopback in any spelling (127.0.0.0/8, ::1, ::ffff:127.x.y.z). */
export function isLoopback(address: string): boolean {
  const canonical = canonicalIp(address)
  return canonical !== undefined && ipaddr.process(canonical).range() === 'loopback'
}

/**
 * The address as node:net connects to it, or undefined when node does not take it for an IP address. An IPv6
 * address goes through the URL parser first: ipaddr.js reads `::8.8.8.8` as IPv4-mapped, the kernel as
 * IPv4-compatible (`::808:808`), and the guard must judge what is connected to.
 */
function canonicalIp(address: string): string | undefined {
  const family = isIP(address)
  if (family === 4) return address
  if (family !== 6 || !URL.canParse(`http://[${address}]/`)) return undefined
  return new URL(`http://[${address}]/`).hostname.slice(1, -1)
}

/** One destination (an address in any spelling, and a port) as a key that `parseDestination` matches. */
export function destination(address: string, port: number): string {
  return `${ipaddr.process(canonicalIp(address) ?? address).toNormalizedString()} ${port}`
}

/** An `address:port` (`[v6 address]:port`) the owner allows, as `destination` keys it; else ALLOW_OUTBOUND. */
export function parseDestination(entry: string): string {
  const m = /^\[?([^\]]+?)\]?:(\d{1,5})$/.exec(entry)
  const port = Number(m?.[2])
  if (m === null || canonicalIp(m[1] ?? '') === undefined || port < 1 || port > 65_535)
    throw new InvalidInputError(
      'ALLOW_OUTBOUND',
      `allowOutbound "${entry}" is not an address and port: give one as 127.0.0.1:8080 or [::1]:8080`
    )
  return destination(m[1] ?? '', port)
}

const RANGE_NAMES: Readonly<Record<string, string>> = {
  loopback: 'a loopback address (this machine)',
  unspecified: 'an unspecified address (this machine)',
  linkLocal: 'a link-local address (cloud metadata among them)',
  private: 'a private network address',
  uniqueLocal: 'a private network address',
  carrierGradeNat: 'a carrier-grade NAT address',
  multicast: 'a multicast address',
  broadcast: 'a broadcast address',
  rfc6052: 'a NAT64 address (it embeds an IPv4 address)',
  rfc6145: 'an IPv4-translated address',
  '6to4': 'a 6to4 address (it embeds an IPv4 address)',
  teredo: 'a Teredo address (it embeds an IPv4 address)',
  reserved: 'a reserved address'
}

function isThisMachine(ip: ipaddr.IPv4 | ipaddr.IPv6): boolean {
  const wanted = ip.toNormalizedString()
  return Object.values(networkInterfaces()).some(
    list =>
      list?.some(i => ipaddr.isValid(i.address) && ipaddr.process(i.address).toNormalizedString() === wanted) === true
  )
}
