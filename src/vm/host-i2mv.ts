/**
 * The `taubyte/sdk` i2mv functions (go-sdk `i2mv/memview` and `i2mv/fifo`), with tau's names, signatures and errno
 * results: a memory view shares a region of the guest's memory under an id (`memoryViewNew(bufPtr, size,
 * isCloser, idPtr)`), read back with `memoryViewOpen` and `memoryViewRead(id, offset, count, bufPtr, nPtr)`; a
 * fifo is a queue of bytes (`fifoNew(readCloser)` answers its id, `fifoPush`, `fifoPop` (EOF when empty),
 * `fifoIsCloser`, `fifoClose`). As in tau they live in the running instance (here: for one call) and need
 * nothing of the node, so they run inline too. Ids start at 1, as tau's.
 */
import { clearUsed } from './clear-used.js'
import { Errno } from './errno.js'
import type { GuestMemory } from './guest-memory.js'
import { guarded } from './host-guard.js'
import { type HostModule, perCall } from './host-module.js'

/** Bytes one call's fifos may hold together (each byte is a host-side queue entry). */
const MAX_FIFO_BYTES = 16 * 1024 * 1024

interface View {
  ptr: number
  size: number
  closable: boolean
}

export class SharedMemory {
  readonly #views = new Map<number, View>()
  readonly #fifos = new Map<number, { closer: boolean; bytes: number[]; head: number }>()
  #nextView = 0
  #nextFifo = 0
  #queued = 0

  /** Forgets every view and fifo: called when a guest call ends. */
  reset(): void {
    clearUsed(this.#views)
    clearUsed(this.#fifos)
    this.#nextView = 0
    this.#nextFifo = 0
    this.#queued = 0
  }

  imports(ctx: { mem: GuestMemory }): Record<string, (...args: number[]) => number | undefined> {
    const { mem } = ctx
    const u32 = (x: number): number => x >>> 0
    return {
      memoryViewNew: guarded((bufPtr, size, isCloser, idPtr) => {
        if (u32(isCloser) > 1) return Errno.InvalidBool
        mem.check(u32(idPtr), 4)
        const id = ++this.#nextView >>> 0
        this.#views.set(id, { ptr: u32(bufPtr), size: u32(size), closable: isCloser === 1 })
        mem.setU32(idPtr, id)
        return Errno.None
      }),
      memoryViewOpen: guarded((id, isClosablePtr, sizePtr) => {
        const v = this.#views.get(u32(id))
        if (v === undefined) return Errno.MemoryViewNotFound
        mem.setU32(sizePtr, v.size)
        mem.setU32(isClosablePtr, v.closable ? 1 : 0)
        return Errno.None
      }),
      memoryViewRead: guarded((id, offset, count, bufPtr, nPtr) => {
        const v = this.#views.get(u32(id))
        if (v === undefined) return Errno.MemoryViewNotFound
        if (u32(offset) >= v.size) return Errno.AddressOutOfMemory
        const n = Math.min(u32(count), v.size - u32(offset))
        // A copy: the view's region and the buffer are in the same memory and may overlap.
        mem.write(bufPtr, mem.bytes(v.ptr + u32(offset), n).slice())
        mem.setU32(nPtr, n)
        return Errno.None
      }),
      memoryViewClose: id => {
        this.#views.delete(u32(id))
        return undefined
      },
      fifoNew: readCloser => {
        const id = ++this.#nextFifo >>> 0
        this.#fifos.set(id, { closer: readCloser === 1, bytes: [], head: 0 })
        return id
      },
      fifoPush: (id, byte) => {
        const f = this.#fifos.get(u32(id))
        if (f === undefined) return Errno.FifoNotFound
        // Beyond the bound the byte is refused as a fifo that is gone would refuse it.
        if (this.#queued >= MAX_FIFO_BYTES) return Errno.FifoNotFound
        f.bytes.push(u32(byte) & 0xff)
        this.#queued++
        return Errno.None
      },
      fifoPop: guarded((id, bufPtr) => {
        const f = this.#fifos.get(u32(id))
        if (f === undefined) return Errno.FifoNotFound
        if (f.head >= f.bytes.length) return Errno.EOF
        mem.write(bufPtr, Uint8Array.of(f.bytes[f.head] as number))
        f.head++
        this.#queued--
        if (f.head === f.bytes.length) {
          f.bytes = []
          f.head = 0
        }
        return Errno.None
      }),
      fifoIsCloser: guarded((id, isCloserPtr) => {
        const f = this.#fifos.get(u32(id))
        if (f === undefined) return Errno.FifoNotFound
        mem.setU32(isCloserPtr, f.closer ? 1 : 0)
        return Errno.None
      }),
      fifoClose: id => {
        const f = this.#fifos.get(u32(id))
        if (f !== undefined) this.#queued -= f.bytes.length - f.head
        this.#fifos.delete(u32(id))
        return undefined
      }
    }
  }
}

export const i2mvModule: HostModule<never, 'i2mv'> = {
  name: 'i2mv',
  module: 'taubyte/sdk',
  imports: [
    'memoryViewNew',
    'memoryViewOpen',
    'memoryViewRead',
    'memoryViewClose',
    'fifoNew',
    'fifoPush',
    'fifoPop',
    'fifoIsCloser',
    'fifoClose'
  ],
  inline: true,
  calls: {},
  link: ctx => perCall(new SharedMemory(), s => s.imports(ctx))
}
