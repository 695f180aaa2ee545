import { readFile } from 'node:fs/promises'
import type { Socket } from 'node:net'
import { endianness } from 'node:os'
import { canonicalAddress, connectionKey, parseProcNetTcp } from './proc-net-tcp.js'

const TABLES = ['/proc/net/tcp', '/proc/net/tcp6']

/** Which uid owns each client socket connected to one server: key (the client's end first) → uid. */
type Snapshot = Map<string, number> | undefined

/**
 * Tells which local user opened the other end of a TCP connection to this process, from Linux's socket tables;
 * undefined where there are none (not Linux, /proc not mounted) or the client's line is gone. Each connection is
 * looked up once (the answer is kept on its socket); connections that arrive while the tables are being read
 * share the next read, so a burst of N connections costs a few reads, not N.
 */
export class PeerUids {
  readonly #bySocket = new WeakMap<Socket, Promise<number | undefined>>()
  readonly #littleEndian = endianness() === 'LE'
  /** The ports clients were seen connecting to (one per server this serves): lines of other sockets are skipped. */
  readonly #serverPorts = new Set<number>()
  /** The read under way, and the one that starts after it (joined by every connection that arrives meanwhile). */
  #running: Promise<Snapshot> | undefined
  #next: Promise<Snapshot> | undefined

  uidOf(socket: Socket): Promise<number | undefined> {
    let uid = this.#bySocket.get(socket)
    if (uid === undefined) {
      uid = this.#lookUp(socket)
      this.#bySocket.set(socket, uid)
    }
    return uid
  }

  async #lookUp(socket: Socket): Promise<number | undefined> {
    const { remoteAddress, remotePort, localAddress, localPort } = socket
    if (remoteAddress === undefined || remotePort === undefined) return undefined
    if (localAddress === undefined || localPort === undefined) return undefined
    this.#serverPorts.add(localPort)
    const snapshot = await this.#snapshotAfterNow()
    const client = { address: canonicalAddress(remoteAddress), port: remotePort }
    const server = { address: canonicalAddress(localAddress), port: localPort }
    return snapshot?.get(connectionKey(client, server))
  }

  /** A read of the tables that starts after this call: a read already under way may predate the connection. */
  #snapshotAfterNow(): Promise<Snapshot> {
    if (this.#next !== undefined) return this.#next
    const after = this.#running ?? Promise.resolve(undefined)
    const next = after.then(async () => {
      this.#running = next
      this.#next = undefined
      try {
        return await this.#read()
      } finally {
        if (this.#running === next) this.#running = undefined
      }
    })
    this.#next = next
    return next
  }

  async #read(): Promise<Snapshot> {
    const texts = await Promise.all(TABLES.map(async t => await readFile(t, 'utf8').catch(() => undefined)))
    if (texts.every(t => t === undefined)) return undefined
    const map = new Map<string, number>()
    for (const text of texts) {
      if (text === undefined) continue
      for (const s of parseProcNetTcp(text, this.#littleEndian, this.#serverPorts))
        map.set(connectionKey(s.local, s.remote), s.uid)
    }
    return map
  }
}
