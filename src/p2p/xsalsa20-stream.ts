import { xsalsa20 } from '@noble/ciphers/salsa.js'

const BLOCK = 64

/**
 * XSalsa20 as a stream: each update continues the keystream where the previous one stopped. It holds no memory
 * outside this object, so a closed connection's cipher is simply garbage collected (the wasm `xsalsa20` package
 * that @libp2p/pnet uses keeps a slot per cipher in one module-wide memory until finalize(), which pnet never
 * calls).
 */
export class XSalsa20Stream {
  readonly #key: Uint8Array
  readonly #nonce: Uint8Array
  /** Bytes of the keystream used so far. */
  #offset = 0
  /** The current partial block's keystream, valid while #offset is not a multiple of BLOCK. */
  readonly #tail = new Uint8Array(BLOCK)

  constructor(nonce: Uint8Array, key: Uint8Array) {
    this.#nonce = nonce.slice()
    this.#key = key.slice()
  }

  update(input: Uint8Array): Uint8Array {
    const out = new Uint8Array(input.length)
    let i = 0
    // finish the partial block left by the previous update
    while (i < input.length && this.#offset % BLOCK !== 0) {
      out[i] = (input[i] ?? 0) ^ (this.#tail[this.#offset % BLOCK] ?? 0)
      i++
      this.#offset++
    }
    const whole = Math.floor((input.length - i) / BLOCK) * BLOCK
    if (whole > 0) {
      xsalsa20(this.#key, this.#nonce, input.subarray(i, i + whole), out.subarray(i, i + whole), this.#offset / BLOCK)
      i += whole
      this.#offset += whole
    }
    if (i < input.length) {
      xsalsa20(this.#key, this.#nonce, new Uint8Array(BLOCK), this.#tail, this.#offset / BLOCK)
      for (; i < input.length; i++) {
        out[i] = (input[i] ?? 0) ^ (this.#tail[this.#offset % BLOCK] ?? 0)
        this.#offset++
      }
    }
    return out
  }
}
