import ipaddr from 'ipaddr.js'

/**
 * Linux's table of TCP sockets (`/proc/net/tcp`, `/proc/net/tcp6`): each line names a socket's local and remote
 * address and the uid that owns it. A connection to this machine has two lines, one per end, so the line whose
 * local end is a client's address and port tells which user opened that client's socket.
 */

export interface TcpEnd {
  /** Canonical text: dotted IPv4 (an IPv4-mapped IPv6 address too), RFC 5952 IPv6. */
  address: string
  port: number
}

export interface TcpSocketLine {
  local: TcpEnd
  remote: TcpEnd
  uid: number
}

/**
 * The sockets of one table. The kernel prints each address as 32-bit words in the machine's byte order (so
 * 127.0.0.1 is `0100007F` on a little-endian machine), and ports as big-endian hex numbers. Lines that are not
 * a socket's (the header) are skipped. With thousands of connections open this runs on each burst of new ones:
 * it avoids regular expressions and address parsing for the IPv4 forms.
 */
export function parseProcNetTcp(
  text: string,
  littleEndian: boolean,
  /** Only the sockets connected to one of these ports (the clients of a server). */
  remotePorts?: ReadonlySet<number>
): TcpSocketLine[] {
  const out: TcpSocketLine[] = []
  for (const line of text.split('\n')) {
    const f = line.trim().split(/ +/)
    if (remotePorts !== undefined && !remotePorts.has(Number.parseInt(f[2]?.slice(-4) ?? '', 16))) continue
    const local = parseEnd(f[1], littleEndian)
    const remote = parseEnd(f[2], littleEndian)
    const uid = Number(f[7])
    if (local === undefined || remote === undefined || f[7] === '' || !Number.isInteger(uid)) continue
    out.push({ local, remote, uid })
  }
  return out
}

/** An address as a socket reports it (`::ffff:127.0.0.1`, `::1`, `127.0.0.1`) in the form the parser gives. */
export function canonicalAddress(address: string): string {
  return ipaddr.process(address).toString()
}

/** The key of a connection seen from one end: its local then its remote end. */
export function connectionKey(local: TcpEnd, remote: TcpEnd): string {
  return `${local.address}|${local.port}|${remote.address}|${remote.port}`
}

const HEX = /^[0-9A-Fa-f]+$/

function parseEnd(field: string | undefined, littleEndian: boolean): TcpEnd | undefined {
  if (field === undefined) return undefined
  const colon = field.indexOf(':')
  const hex = field.slice(0, colon)
  const portHex = field.slice(colon + 1)
  if ((hex.length !== 8 && hex.length !== 32) || portHex.length !== 4 || !HEX.test(hex) || !HEX.test(portHex)) {
    return undefined
  }
  const bytes: number[] = []
  for (let w = 0; w < hex.length; w += 8) {
    const word = Number.parseInt(hex.slice(w, w + 8), 16)
    const be = [word >>> 24, (word >>> 16) & 0xff, (word >>> 8) & 0xff, word & 0xff]
    bytes.push(...(littleEndian ? be.reverse() : be))
  }
  return { address: addressText(bytes), port: Number.parseInt(portHex, 16) }
}

/** Dotted IPv4 for 4 bytes and for IPv4-mapped IPv6 (the common case, done without a parser), else RFC 5952. */
function addressText(b: number[]): string {
  if (b.length === 4) return b.join('.')
  if (b.slice(0, 10).every(x => x === 0) && b[10] === 0xff && b[11] === 0xff) return b.slice(12).join('.')
  return ipaddr.fromByteArray(b).toString()
}
