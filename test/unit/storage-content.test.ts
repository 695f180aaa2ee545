/**
 * The storage content host functions against a guest memory (src/vm/host-storage-content.ts): writes and reads
 * through one position, seeks from the start, the position and the end, a push that hands the bytes to the node
 * and writes the CID it answers in binary, and go-sdk's errno results for an unknown content, a bad whence, a
 * seek before the start, a CID that does not parse and a pointer outside memory. Real nodes: go-sdk-extras.test.ts.
 */
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { cidFromBytes, cidOf } from '../../src/shared/cid.js'
import { Errno } from '../../src/vm/errno.js'
import { encode, GuestMemory } from '../../src/vm/guest-memory.js'
import type { HostReply } from '../../src/vm/host-calls.js'
import type { HostCall } from '../../src/vm/host-modules.js'
import { StorageContents } from '../../src/vm/host-storage-content.js'
import { wasm } from '../../src/vm/webassembly.js'

const OUTSIDE = 70_000

function setup(answer: (c: HostCall) => HostReply) {
  const mem = new GuestMemory()
  mem.memory = new wasm.Memory({ initial: 1 })
  const calls: HostCall[] = []
  const f = new StorageContents().imports({ mem, logs: [] }, c => {
    calls.push(c)
    return answer(c)
  })
  const u32 = (at: number): number => new DataView(mem.bytes(at, 4).slice().buffer).getUint32(0, true)
  return { mem, f, calls, u32 }
}

test('a content is written, sought and read back through one position, then pushed by CID', async () => {
  const cid = await cidOf(encode('hello world'))
  const { mem, f, calls, u32 } = setup(c => (c.op === 'stContentPush' ? { ok: true, cid } : { ok: false, log: '' }))
  assert.equal(f.storageNewContent?.(0), Errno.None)
  const id = u32(0)
  mem.write(100, encode('hello world'))
  assert.equal(f.contentWriteFile?.(id, 100, 5, 4), Errno.None)
  assert.equal(f.contentWriteFile?.(id, 105, 6, 4), Errno.None)
  assert.equal(u32(4), 6)
  // Seek to the start, then 6 on from there, then 3 back from the end.
  assert.equal(f.contentSeekFile?.(id, 0n as unknown as number, 0, 8), Errno.None)
  assert.equal(f.contentSeekFile?.(id, 6n as unknown as number, 1, 8), Errno.None)
  assert.equal(u32(8), 6)
  assert.equal(f.contentReadFile?.(id, 200, 64, 12), Errno.None)
  assert.equal(mem.string(200, u32(12)), 'world')
  assert.equal(f.contentReadFile?.(id, 200, 64, 12), Errno.EOF, 'a read at the end is EOF')
  assert.equal(f.contentSeekFile?.(id, -3n as unknown as number, 2, 8), Errno.None)
  assert.equal(u32(8), 8)
  assert.equal(f.contentSeekFile?.(id, -1n as unknown as number, 0, 8), Errno.SeekingFile)
  assert.equal(f.contentSeekFile?.(id, 0n as unknown as number, 3, 8), Errno.InvalidWhence)
  // The push sends the whole content and writes the CID in go-sdk's 64-byte buffer.
  assert.equal(f.contentPushFile?.(id, 300), Errno.None)
  const push = calls.at(-1)
  assert.ok(push?.op === 'stContentPush')
  assert.equal(new TextDecoder().decode(push.data), 'hello world')
  assert.equal(cidFromBytes(mem.bytes(300, 64)), cid)
  assert.equal(f.contentFileCid?.(id, 400), Errno.None)
  assert.equal(cidFromBytes(mem.bytes(400, 64)), cid)
  assert.equal(f.contentCloseFile?.(id), Errno.None)
  assert.equal(f.contentReadFile?.(id, 200, 64, 12), Errno.ContentNotFound, 'closed')
})

test('opening a CID: a buffer that is no CID, a CID no hoarder holds, a bad pointer get the SDK errors', async () => {
  const cid = await cidOf(encode('x'))
  const { mem, f } = setup(() => ({ ok: false, errno: Errno.CidNotFound, log: 'no hoarder holds it' }))
  assert.equal(f.storageOpenCid?.(0, 100), Errno.InvalidCid, 'zeros are no CID')
  const { CID } = await import('multiformats/cid')
  mem.write(100, CID.parse(cid).bytes)
  assert.equal(f.storageOpenCid?.(0, 100), Errno.CidNotFound)
  assert.equal(f.storageOpenCid?.(OUTSIDE, 100), Errno.AddressOutOfMemory)
  assert.equal(f.contentFileCid?.(9, 100), Errno.ContentNotFound)
  assert.equal(f.storageNewContent?.(0), Errno.None)
  assert.equal(f.contentFileCid?.(0, 100), Errno.InvalidCid, 'a new content has no CID before its push')
})
