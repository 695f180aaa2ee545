/**
 * The private-network protector (`@libp2p/pnet`) with its cipher fed at most CHUNK bytes at a time. Its XSalsa20
 * (package `xsalsa20` 1.2.0) keeps one wasm memory for the whole process, capped at 1000 pages (64 MiB), and grows
 * it on every update larger than the view the calling connection last saw, without reusing what other connections
 * grew: a few multi-megabyte sends (a Go function's wasm between monkey, hoarder and substrate) exhaust it and
 * every later large update throws. Updates of CHUNK bytes fit in its initial memory and never grow it. The stream
 * cipher is continuous across updates, so chunking changes nothing on the wire.
 */
import type { ConnectionProtector } from '@libp2p/interface'
import { preSharedKey } from '@libp2p/pnet'

/** A multiple of 64 (the cipher's block) below the cipher's initial memory (10 pages) minus its header. */
const CHUNK = 64 * 1024

interface Xor { update: (input: Uint8Array, output?: Uint8Array) => Uint8Array }

function chunked (x: Xor): void {
  const whole = x.update.bind(x)
  x.update = (input, output = new Uint8Array(input.length)) => {
    if (input.length <= CHUNK) return whole(input, output)
    for (let at = 0; at < input.length; at += CHUNK) whole(input.subarray(at, at + CHUNK), output.subarray(at, at + CHUNK))
    return output
  }
}

export function chunkedPreSharedKey (init: { psk: Uint8Array }): () => ConnectionProtector {
  const make = preSharedKey(init)
  return () => {
    const inner = make()
    return {
      protect: async (connection, options) => {
        const stream = await inner.protect(connection, options)
        const box = stream as unknown as { inboundXor?: Xor, outboundXor?: Xor }
        if (box.inboundXor !== undefined) chunked(box.inboundXor)
        if (box.outboundXor !== undefined) chunked(box.outboundXor)
        return stream
      }
    }
  }
}
