/**
 * Long runs use nothing up: opening and closing private-network connections leaves no cipher state behind, and
 * our cipher is the same XSalsa20 keystream as @libp2p/pnet's, so nodes of either kind still connect.
 */
import { test, describe, after } from 'node:test'
import assert from 'node:assert/strict'
import { createRequire } from 'node:module'
import { randomBytes } from 'node:crypto'
import { createLibp2p } from 'libp2p'
import { tcp } from '@libp2p/tcp'
import { noise } from '@chainsafe/libp2p-noise'
import { yamux } from '@chainsafe/libp2p-yamux'
import { ping } from '@libp2p/ping'
import { preSharedKey } from '@libp2p/pnet'
import { createNode, type P2PNode } from '../../src/p2p/node.js'
import { swarmKeyFor } from '../../src/p2p/swarm-key.js'
import { decodeV1Psk } from '../../src/p2p/psk-protector.js'
import { XSalsa20Stream } from '../../src/p2p/xsalsa20-stream.js'

interface WasmXSalsa20 {
  update: (b: Uint8Array) => Uint8Array
  finalize: () => void
  _xor: { _pointer: number }
}
/** The wasm cipher module @libp2p/pnet uses (one instance per process, shared through the module cache). */
const wasmXSalsa20 = createRequire(import.meta.resolve('@libp2p/pnet'))('xsalsa20') as (
  nonce: Uint8Array,
  key: Uint8Array
) => WasmXSalsa20

/** Where the wasm module would put the next cipher: grows by 64 bytes per cipher never finalized. */
function nextWasmSlot(): number {
  const probe = wasmXSalsa20(new Uint8Array(24), new Uint8Array(32))
  const slot = probe._xor._pointer
  probe.finalize()
  return slot
}

const CYCLES = 300

describe('no leak across connections', { timeout: 120_000 }, () => {
  const nodes: P2PNode[] = []
  after(async () => {
    await Promise.all(
      nodes.map(async n => {
        await n.stop()
      })
    )
  })

  test(`${CYCLES} connections opened and closed leave no cipher state behind`, async () => {
    const key = swarmKeyFor('leak-test')
    const [a, b] = await Promise.all([createNode({ swarmKey: key }), createNode({ swarmKey: key })])
    nodes.push(a, b)
    const before = nextWasmSlot()
    for (let i = 0; i < CYCLES; i++) {
      const conn = await a.dial(b.getMultiaddrs())
      await conn.close()
    }
    assert.equal(a.getConnections().length, 0)
    assert.equal(nextWasmSlot(), before, 'no cipher slot was kept by a closed connection')
  })

  test('a node with the upstream protector and one with ours connect and ping', async () => {
    const key = swarmKeyFor('interop-test')
    const upstream = await createLibp2p({
      addresses: { listen: ['/ip4/127.0.0.1/tcp/0'] },
      transports: [tcp()],
      connectionEncrypters: [noise()],
      streamMuxers: [yamux()],
      connectionProtector: preSharedKey({ psk: key }),
      connectionManager: { allow: ['/ip4/127.0.0.0/ipcidr/8'] },
      services: { ping: ping() }
    })
    const ours = await createNode({ swarmKey: key })
    nodes.push(upstream as unknown as P2PNode, ours)
    const rtt = await upstream.services.ping.ping(ours.getMultiaddrs())
    assert.equal(typeof rtt, 'number')
  })
})

describe('XSalsa20Stream', () => {
  test('gives the same bytes as the wasm cipher for any split of the stream', () => {
    const key = decodeV1Psk(swarmKeyFor('split-test'))
    const nonce = randomBytes(24)
    const data = randomBytes(200_000)
    const reference = wasmXSalsa20(nonce, key)
    const expected = reference.update(data)
    reference.finalize()
    for (const sizes of [[1], [63, 1, 64, 65], [7, 200, 4096], [100_000]]) {
      const ours = new XSalsa20Stream(nonce, key)
      const parts: Uint8Array[] = []
      for (let at = 0, i = 0; at < data.length; i++) {
        const size = sizes[i % sizes.length] ?? 1
        parts.push(ours.update(data.subarray(at, at + size)))
        at += size
      }
      assert.deepEqual(Buffer.concat(parts), Buffer.from(expected), `split ${sizes.join(',')}`)
    }
  })

  test('a swarm key not in the PSK v1 format is refused by name', () => {
    assert.throws(
      () => decodeV1Psk(new TextEncoder().encode('/key/swarm/psk/1.0.0/\n/base16/\nzz')),
      (err: Error & { code?: string }) => err.code === 'INVALID_SWARM_KEY'
    )
  })
})
