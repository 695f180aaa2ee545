/**
 * The i2mv host functions against a guest memory (src/vm/host-i2mv.ts): a memory view read back in parts, a fifo
 * pushed and popped to EOF, and go-sdk's errno results for an unknown view or fifo, a read past the view's end, a
 * closer flag that is no bool and a closed fifo.
 */
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { Errno } from '../../src/vm/errno.js'
import { encode, GuestMemory } from '../../src/vm/guest-memory.js'
import { SharedMemory } from '../../src/vm/host-i2mv.js'
import { wasm } from '../../src/vm/webassembly.js'

function setup() {
  const mem = new GuestMemory()
  mem.memory = new wasm.Memory({ initial: 1 })
  const u32 = (at: number): number => new DataView(mem.bytes(at, 4).slice().buffer).getUint32(0, true)
  return { mem, u32, f: new SharedMemory().imports({ mem }) }
}

test('a memory view is opened and read in parts; unknown ids and reads past its end get the SDK errors', () => {
  const { mem, u32, f } = setup()
  mem.write(100, encode('shared'))
  assert.equal(f.memoryViewNew?.(100, 6, 1, 0), Errno.None)
  const id = u32(0)
  assert.equal(id, 1, 'ids start at 1, as tau')
  assert.equal(f.memoryViewOpen?.(id, 4, 8), Errno.None)
  assert.deepEqual([u32(4), u32(8)], [1, 6])
  assert.equal(f.memoryViewRead?.(id, 2, 100, 200, 12), Errno.None)
  assert.equal(mem.string(200, u32(12)), 'ared')
  assert.equal(f.memoryViewRead?.(id, 6, 1, 200, 12), Errno.AddressOutOfMemory)
  assert.equal(f.memoryViewNew?.(100, 6, 2, 0), Errno.InvalidBool)
  f.memoryViewClose?.(id)
  assert.equal(f.memoryViewOpen?.(id, 4, 8), Errno.MemoryViewNotFound)
})

test('a fifo gives back its bytes in order, then EOF; a closed one is not found', () => {
  const { mem, u32, f } = setup()
  const id = f.fifoNew?.(1) as number
  for (const b of encode('ab')) assert.equal(f.fifoPush?.(id, b), Errno.None)
  assert.equal(f.fifoIsCloser?.(id, 0), Errno.None)
  assert.equal(u32(0), 1)
  assert.equal(f.fifoPop?.(id, 10), Errno.None)
  assert.equal(f.fifoPop?.(id, 11), Errno.None)
  assert.equal(mem.string(10, 2), 'ab')
  assert.equal(f.fifoPop?.(id, 12), Errno.EOF)
  f.fifoClose?.(id)
  assert.equal(f.fifoPush?.(id, 1), Errno.FifoNotFound)
  assert.equal(f.fifoPop?.(id, 12), Errno.FifoNotFound)
})
