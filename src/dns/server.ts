import dns2 from 'dns2'
import type { AddressInfo } from 'node:net'

/** What a resolver returns for one question. */
export interface DnsAnswer {
  /** 0 NOERROR, 3 NXDOMAIN. */
  rcode: 0 | 3
  a?: string[]
  txt?: string[]
  ttl?: number
}
export type DnsResolver = (name: string, type: 'A' | 'TXT' | 'OTHER') => Promise<DnsAnswer>

// dns2 ships loose typings for its server classes; these are the parts we use.
interface Dns2Packet {
  header: { aa: number; rcode: number }
  questions: Array<{ name: string; type: number }>
  answers: unknown[]
}
interface Dns2Static {
  Packet: {
    TYPE: Record<string, number>
    CLASS: Record<string, number>
    createResponseFromRequest: (r: unknown) => Dns2Packet
  }
  createUDPServer: (h: (req: Dns2Packet, send: (p: Dns2Packet) => void) => void) => DgramLike
  createTCPServer: (h: (req: Dns2Packet, send: (p: Dns2Packet) => void) => void) => NetLike
}
interface DgramLike {
  bind: (port: number, address: string, cb: () => void) => void
  address: () => AddressInfo
  close: (cb: () => void) => void
  once: (e: 'error', f: (err: Error) => void) => void
}
interface NetLike {
  listen: (port: number, host: string, cb: () => void) => void
  close: (cb: () => void) => void
  once: (e: 'error', f: (err: Error) => void) => void
  closeAllConnections?: () => void
}

const { Packet, createUDPServer, createTCPServer } = dns2 as unknown as Dns2Static

/**
 * An authoritative DNS server on 127.0.0.1, UDP and TCP on the same port (dns2). With port 0 the kernel picks a
 * UDP port and TCP takes the same number; if TCP finds it taken, both try again with a fresh port.
 */
export class DnsServer {
  readonly #resolve: DnsResolver
  #udp: DgramLike | undefined
  #tcp: NetLike | undefined
  #port = 0

  constructor(resolve: DnsResolver) {
    this.#resolve = resolve
  }

  get port(): number {
    return this.#port
  }

  async start(port = 0): Promise<number> {
    for (let attempt = 0; ; attempt++) {
      const udp = createUDPServer(this.#handle)
      await new Promise<void>((resolve, reject) => {
        udp.once('error', reject)
        udp.bind(port, '127.0.0.1', resolve)
      })
      const bound = udp.address().port
      const tcp = createTCPServer(this.#handle)
      try {
        await new Promise<void>((resolve, reject) => {
          tcp.once('error', reject)
          tcp.listen(bound, '127.0.0.1', resolve)
        })
      } catch (err) {
        await new Promise<void>(resolve => {
          udp.close(resolve)
        })
        if (port !== 0 || attempt >= 10) throw err
        continue
      }
      this.#udp = udp
      this.#tcp = tcp
      this.#port = bound
      return bound
    }
  }

  async stop(): Promise<void> {
    const udp = this.#udp
    const tcp = this.#tcp
    this.#udp = undefined
    this.#tcp = undefined
    if (udp !== undefined)
      await new Promise<void>(resolve => {
        udp.close(resolve)
      })
    if (tcp !== undefined) {
      tcp.closeAllConnections?.()
      await new Promise<void>(resolve => {
        tcp.close(() => {
          resolve()
        })
      })
    }
  }

  readonly #handle = (req: Dns2Packet, send: (p: Dns2Packet) => void): void => {
    void this.#answer(req).then(send, () => {
      const res = Packet.createResponseFromRequest(req)
      res.header.rcode = 2 // SERVFAIL
      send(res)
    })
  }

  async #answer(req: Dns2Packet): Promise<Dns2Packet> {
    const res = Packet.createResponseFromRequest(req)
    res.header.aa = 1
    const q = req.questions[0]
    if (q === undefined) {
      res.header.rcode = 1
      return res
    }
    const name = q.name.toLowerCase().replace(/\.$/, '')
    const type = q.type === Packet.TYPE.A ? 'A' : q.type === Packet.TYPE.TXT ? 'TXT' : 'OTHER'
    const answer = await this.#resolve(name, type)
    res.header.rcode = answer.rcode
    const base = { name: q.name, class: Packet.CLASS.IN, ttl: answer.ttl ?? 60 }
    if (type === 'A') for (const address of answer.a ?? []) res.answers.push({ ...base, type: Packet.TYPE.A, address })
    if (type === 'TXT') for (const data of answer.txt ?? []) res.answers.push({ ...base, type: Packet.TYPE.TXT, data })
    return res
  }
}
