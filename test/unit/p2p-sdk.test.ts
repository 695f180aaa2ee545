/**
 * The p2p host functions against a guest memory (src/vm/p2p-sdk.ts): go-sdk's errno results for what a guest can
 * get wrong (no answer from the node, an unknown command or event id, a buffer of the wrong size, a pointer
 * outside memory), and the event getters and answer. The calls between nodes are tested in
 * test/serving/p2p-go.test.ts.
 */
import { test } from 'node:test'
import { peerIdFromCid } from '../../src/shared/cid.js'
import assert from 'node:assert/strict'
import { Errno } from '../../src/vm/errno.js'
import { encode, GuestMemory } from '../../src/vm/guest-memory.js'
import type { HostReply } from '../../src/vm/host-calls.js'
import type { HostCall } from '../../src/vm/host-modules.js'
import { p2pEvent } from '../../src/vm/p2p-event.js'
import { P2PCommands, p2pEventImports } from '../../src/vm/p2p-sdk.js'
import { wasm } from '../../src/vm/webassembly.js'

function memory(): { mem: GuestMemory; put: (at: number, s: string) => number } {
  const mem = new GuestMemory()
  mem.memory = new wasm.Memory({ initial: 1 })
  return {
    mem,
    put: (at, s) => {
      mem.write(at, encode(s))
      return encode(s).length
    }
  }
}

const OUTSIDE = 70_000

test('a command: refused protocol, send, read back; unknown ids and wrong sizes get the SDK errors', () => {
  const { mem, put } = memory()
  const logs: string[] = []
  const seen: HostCall[] = []
  const host = (c: HostCall): HostReply => {
    seen.push(c)
    if (c.op === 'p2pOpen')
      return c.protocol === '/echo/v1' ? { ok: true } : { ok: false, errno: Errno.P2PProtocolNotFound, log: 'none' }
    return { ok: true, data: encode(`got ${new TextDecoder().decode(c.op === 'p2pSend' ? c.data : undefined)}`) }
  }
  const f = new P2PCommands().imports({ mem, logs }, host)
  const call = (name: string, ...args: number[]): number | undefined => f[name]?.(...args)

  const nothing = put(0, '/nothing/v1')
  const cmd = put(100, 'say')
  assert.equal(call('newCommand', 0, nothing, 100, cmd, 200), Errno.P2PProtocolNotFound)
  assert.deepEqual(logs, ['p2p: none'])
  const echo = put(0, '/echo/v1')
  assert.equal(call('newCommand', 0, echo, 100, cmd, 200), Errno.None)
  const id = mem.bytes(200, 4)[0] as number
  const data = put(300, 'hello')
  assert.equal(call('sendCommand', id, 300, data, 400), Errno.None)
  assert.deepEqual(seen[2], { op: 'p2pSend', protocol: '/echo/v1', command: 'say', data: encode('hello') })
  const size = mem.bytes(400, 1)[0] as number
  assert.equal(size, 'got hello'.length)
  assert.equal(call('readCommandResponse', id, 500, size - 1), Errno.BufferTooSmall)
  assert.equal(call('readCommandResponse', id, 500, size), Errno.None)
  assert.equal(mem.string(500, size), 'got hello')

  assert.equal(call('sendCommand', id + 1, 300, data, 400), Errno.ClientNotFound)
  assert.equal(call('readCommandResponse', id + 1, 500, size), Errno.ClientNotFound)
  assert.equal(call('sendCommand', id, OUTSIDE, 4, 400), Errno.AddressOutOfMemory)
  assert.equal(call('newCommand', 0, echo, 100, cmd, OUTSIDE), Errno.AddressOutOfMemory)
})

test('without a node to answer, a command fails with ErrorP2PProtocolNotFound and a log line', () => {
  const { mem, put } = memory()
  const logs: string[] = []
  const f = new P2PCommands().imports({ mem, logs }, undefined)
  assert.equal(f.newCommand?.(0, put(0, '/echo/v1'), 100, put(100, 'say'), 200), Errno.P2PProtocolNotFound)
  assert.equal(logs.length, 1)
})

test('a p2p event: its getters, its answer, its type; an unknown event id gets EventNotFound', () => {
  const { mem } = memory()
  const from = '12D3KooWGzxzKZYveHXtpG6AsrUJBcWxHBFS2HsEoGTxrMLvKXtf'
  const e = p2pEvent({ protocol: '/echo/v1', command: 'say', data: encode('hi'), from, to: '' })
  let other = 0
  const f = p2pEventImports({
    mem,
    logs: [],
    event: id => (id === 7 ? e : undefined),
    otherEventType: () => {
      other++
    }
  })
  const read = (sizeFn: string, readFn: string): string => {
    assert.equal(f[sizeFn]?.(7, 0), Errno.None)
    const n = mem.bytes(0, 1)[0] as number
    assert.equal(f[readFn]?.(7, 100), Errno.None)
    return mem.string(100, n)
  }
  assert.equal(read('getP2PEventProtocolSize', 'getP2PEventProtocol'), '/echo/v1')
  assert.equal(read('getP2PEventCommandSize', 'getP2PEventCommand'), 'say')
  assert.equal(read('getP2PEventDataSize', 'getP2PEventData'), 'hi')
  mem.write(200, encode('answer'))
  assert.equal(f.writeP2PResponse?.(7, 200, 6), Errno.None)
  assert.equal(new TextDecoder().decode(e.response), 'answer')
  f.getEventType?.(7, 300)
  assert.equal(mem.bytes(300, 1)[0], 3)
  f.getEventType?.(8, 300)
  assert.equal(other, 1)
  assert.equal(f.getP2PEventData?.(8, 100), Errno.EventNotFound)
  assert.equal(f.getP2PEventData?.(7, OUTSIDE), Errno.AddressOutOfMemory)
  // The caller as go-libp2p's peer.ToCid, read back as the same peer id; no `to` is ErrorP2PToNotFound.
  assert.equal(f.getP2PEventFrom?.(7, 400), Errno.None)
  assert.equal(peerIdFromCid(mem.bytes(400, 64)), from)
  assert.equal(f.getP2PEventTo?.(7, 400), Errno.P2PToNotFound)
})
