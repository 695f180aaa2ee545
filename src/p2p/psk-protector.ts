import type { AbortOptions, ConnectionProtector, MultiaddrConnection } from '@libp2p/interface'
import { AbstractMultiaddrConnection, byteStream } from '@libp2p/utils'
import type { SendResult } from '@libp2p/utils'
import { InvalidInputError } from '../shared/errors.js'
import { XSalsa20Stream } from './xsalsa20-stream.js'

const NONCE_LENGTH = 24
const KEY_LENGTH = 32

/**
 * The libp2p private-network protector (the PSK v1 format and wire protocol of @libp2p/pnet: exchange 24-byte
 * nonces, then XSalsa20 each direction), with a pure-JS cipher that leaves nothing behind when a connection
 * closes. @libp2p/pnet 3.0.27 never finalizes its wasm ciphers, so every connection ever opened keeps a slot,
 * and once the shared wasm memory grows, every stale view grows it again until it hits its 64 MB cap and throws
 * a RangeError that kills the process.
 */
export function pskProtector(swarmKey: Uint8Array, timeoutMs = 1000): () => ConnectionProtector {
  const psk = decodeV1Psk(swarmKey)
  return () => ({
    [Symbol.toStringTag]: 'dream/psk-protector',
    async protect(connection: MultiaddrConnection, options?: AbortOptions): Promise<MultiaddrConnection> {
      const signal = options?.signal ?? AbortSignal.timeout(timeoutMs)
      const bytes = byteStream(connection)
      const localNonce = crypto.getRandomValues(new Uint8Array(NONCE_LENGTH))
      const [remote] = await Promise.all([
        bytes.read({ bytes: NONCE_LENGTH, signal }),
        bytes.write(localNonce, { signal })
      ])
      return new XorConnection(bytes.unwrap(), localNonce, remote.subarray(), psk)
    }
  })
}

/** The 32-byte key of a PSK v1 file (`/key/swarm/psk/1.0.0/`, `/base16/`, 64 hex digits). */
export function decodeV1Psk(file: Uint8Array): Uint8Array {
  const [tag, codec, hex = ''] = new TextDecoder().decode(file).split(/\r\n|\r|\n/)
  if (tag !== '/key/swarm/psk/1.0.0/' || codec !== '/base16/' || !/^[0-9a-fA-F]{64}$/.test(hex)) {
    throw new InvalidInputError(
      'INVALID_SWARM_KEY',
      `invalid swarm key: expected a PSK v1 file with a base16 key of ${KEY_LENGTH} bytes`
    )
  }
  return Uint8Array.from(Buffer.from(hex, 'hex'))
}

class XorConnection extends AbstractMultiaddrConnection {
  readonly #inner: MultiaddrConnection
  readonly #out: XSalsa20Stream

  constructor(inner: MultiaddrConnection, localNonce: Uint8Array, remoteNonce: Uint8Array, psk: Uint8Array) {
    super({ log: inner.log.newScope('psk'), remoteAddr: inner.remoteAddr, direction: inner.direction })
    this.#inner = inner
    this.#out = new XSalsa20Stream(localNonce, psk)
    const incoming = new XSalsa20Stream(remoteNonce, psk)
    inner.addEventListener('message', evt => {
      const data = evt.data
      if (data instanceof Uint8Array) this.onData(incoming.update(data))
      else for (const buf of data) this.onData(incoming.update(buf))
    })
    inner.addEventListener('drain', () => {
      this.onMuxerDrain()
    })
    inner.addEventListener('close', evt => {
      if (evt.error == null) this.onTransportClosed()
      else if (evt.local) this.abort(evt.error)
      else this.onRemoteReset()
    })
  }

  async sendClose(options?: AbortOptions): Promise<void> {
    await this.#inner.close(options)
  }

  sendData(data: Parameters<AbstractMultiaddrConnection['sendData']>[0]): SendResult {
    return { sentBytes: data.byteLength, canSendMore: this.#inner.send(this.#out.update(data.subarray())) }
  }

  sendReset(err: Error): void {
    this.#inner.abort(err)
  }

  sendPause(): void {
    this.#inner.pause()
  }

  sendResume(): void {
    this.#inner.resume()
  }
}
