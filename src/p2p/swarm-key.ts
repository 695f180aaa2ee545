import { createHash } from 'node:crypto'

/**
 * The libp2p private-network key of a universe: sha256 of the universe id, in the PSK v1 file format, as the
 * real dream derives it. Nodes holding a different key (or none) cannot complete a connection.
 */
export function swarmKeyFor(universeId: string): Uint8Array {
  const hex = createHash('sha256').update(universeId).digest('hex')
  return new TextEncoder().encode(`/key/swarm/psk/1.0.0/\n/base16/\n${hex}`)
}
