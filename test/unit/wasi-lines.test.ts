import assert from 'node:assert/strict'
import { test } from 'node:test'
import { GuestMemory } from '../../src/vm/guest-memory.js'
import { wasiImports } from '../../src/vm/wasi.js'
import { wasm } from '../../src/vm/webassembly.js'

/** Writes `text` to file descriptor `fd` through the guest's fd_write, as Go's runtime does. */
function writer(): { write: (fd: number, text: string) => void; flush: () => void; logs: string[] } {
  const mem = new GuestMemory()
  mem.memory = new wasm.Memory({ initial: 1 })
  const logs: string[] = []
  const wasi = wasiImports({ mem, logs }, ['fd_write'], { mayBlock: false })
  const fdWrite = wasi.imports.fd_write as unknown as (fd: number, iovs: number, count: number, out: number) => number
  const write = (fd: number, text: string): void => {
    const bytes = new TextEncoder().encode(text)
    mem.write(64, bytes)
    const iov = new DataView(mem.memory?.buffer as ArrayBuffer)
    iov.setUint32(0, 64, true)
    iov.setUint32(4, bytes.length, true)
    assert.equal(fdWrite(fd, 0, 1, 16), 0)
  }
  return { write, flush: wasi.flush, logs }
}

test("stdout's unfinished line and a stderr line are two log lines, not one", () => {
  const w = writer()
  w.write(1, 'a')
  w.write(2, 'b\n')
  w.write(1, 'c\n')
  w.write(2, 'panic: ')
  w.write(2, 'boom')
  w.flush()
  assert.deepEqual(w.logs, ['b', 'ac', 'panic: boom'])
})
