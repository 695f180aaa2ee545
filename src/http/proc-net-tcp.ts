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
 * a socket's (the header) are skipped.
 */
export function parseProcNetTcp(text: string, littleEndian: boolean): TcpSocketLine[] {
  const out: TcpSocketLine[] = []
  for (const line of text.split('\n')) {
    const f = line.trim().split(/\s+/)
    const local = parseEnd(f[1], littleEndian)
    const remote = parseEnd(f[2], littleEndian)
    const uid = Number(f[7])
    if (local === undefined || remote === undefined || !Number.isInteger(uid)) continue
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

function parseEnd(field: string | undefined, littleEndian: boolean): TcpEnd | undefined {
  const m = /^([0-9A-Fa-f]{8}|[0-9A-Fa-f]{32}):([0-9A-Fa-f]{4})$/.exec(field ?? '')
  if (m === null) return undefined
  const hex = m[1] ?? ''
  const bytes: number[] = []
  for (let w = 0; w < hex.length; w += 8) {
    const word = [0, 2, 4, 6].map(i => Number.parseInt(hex.slice(w + i, w + i + 2), 16))
    bytes.push(...(littleEndian ? word.reverse() : word))
  }
  const addr = ipaddr.fromByteArray(bytes)
  const address =
    addr.kind() === 'ipv6' && (addr as ipaddr.IPv6).isIPv4MappedAddress()
      ? (addr as ipaddr.IPv6).toIPv4Address().toString()
      : addr.toString()
  return { address, port: Number.parseInt(m[2] ?? '', 16) }
}
