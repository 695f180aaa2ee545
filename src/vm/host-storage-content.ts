/**
 * The `taubyte/sdk` content functions (go-sdk `storage.Create`, `storage.Open`, `storage.Content`), with tau's
 * names, signatures and errno results: a content is a file-like buffer of bytes outside any storage, written,
 * read and sought by id, pushed to the hoarders by content id (`contentPushFile` answers the CID), or opened from
 * one (`storageOpenCid`). tau keeps the bytes in a temporary file; here they stay in the worker, as the guest's
 * open storage files do, bounded per call by MAX_CONTENT_BYTES. CIDs cross the guest boundary in binary form in a
 * 64-byte buffer (go-sdk's `codec.CidBufferSize`). Opening and pushing are host calls (host-bridge.ts), so a module
 * importing these never runs inline.
 */
import { clearUsed } from './clear-used.js'
import { cidBytes, cidFromBytes } from '../shared/cid.js'
import { Errno } from './errno.js'
import type { GuestMemory } from './guest-memory.js'
import { guarded, hostAsker } from './host-guard.js'
import type { HostReply } from './host-calls.js'
import { type HostModule, perCall } from './host-module.js'

/** A content's operations (answered by the substrate's FunctionStorages): any blob by content id, outside a storage. */
export type ContentCall = { op: 'stContentGet'; cid: string } | { op: 'stContentPush'; data: Uint8Array }

/** go-sdk's CID buffer: a guest reads and writes CIDs through one of this many bytes. */
const CID_BUFFER = 64
/** The bytes one call's open contents may hold together (the guest's own memory is capped; these are not). */
const MAX_CONTENT_BYTES = 64 * 1024 * 1024

interface Content {
  bytes: Uint8Array
  /** Bytes of `bytes` that are content (the rest is room to grow). */
  length: number
  pos: number
  /** The CID it was opened from or last pushed as. */
  cid: string | undefined
}

type Fn = (...args: number[]) => number

export class StorageContents {
  readonly #contents = new Map<number, Content>()
  #next = 0

  /** Forgets every content: called when a guest call ends. */
  reset(): void {
    clearUsed(this.#contents)
    this.#next = 0
  }

  imports(ctx: { mem: GuestMemory; readonly logs: string[] }, host: ((c: ContentCall) => HostReply) | undefined) {
    const ask = hostAsker<ContentCall>(ctx, host, 'storage content', 'content is')
    const held = (): number => [...this.#contents.values()].reduce((n, c) => n + c.bytes.length, 0)
    const add = (idPtr: number, c: Content): number => {
      const id = this.#next++ >>> 0
      this.#contents.set(id, c)
      ctx.mem.setU32(idPtr, id)
      return Errno.None
    }
    const withContent = (f: (c: Content, ...a: number[]) => number): Fn =>
      guarded((id, ...a) => {
        const c = this.#contents.get((id ?? 0) >>> 0)
        return c === undefined ? Errno.ContentNotFound : f(c, ...a)
      })
    const writeCid = (ptr: number, cid: string | undefined): number => {
      if (cid === undefined) return Errno.InvalidCid
      ctx.mem.check(ptr >>> 0, CID_BUFFER)
      ctx.mem.write(ptr, cidBytes(cid))
      return Errno.None
    }
    const out: Record<string, Fn> = {
      storageNewContent: guarded(idPtr => {
        ctx.mem.check(idPtr >>> 0, 4)
        return add(idPtr, { bytes: new Uint8Array(0), length: 0, pos: 0, cid: undefined })
      }),
      storageOpenCid: guarded((idPtr, cidPtr) => {
        ctx.mem.check(idPtr >>> 0, 4)
        const cid = cidFromBytes(ctx.mem.bytes(cidPtr, CID_BUFFER))
        if (cid === undefined) return Errno.InvalidCid
        const r = ask({ op: 'stContentGet', cid }, Errno.CidNotFound)
        if (!r.ok) return r.errno
        const bytes = r.data ?? new Uint8Array(0)
        if (held() + bytes.length > MAX_CONTENT_BYTES) {
          ctx.logs.push(`storage content: opening ${cid} would hold more than ${MAX_CONTENT_BYTES} bytes in one call`)
          return Errno.CreatingNewFile
        }
        return add(idPtr, { bytes, length: bytes.length, pos: 0, cid })
      }),
      contentCloseFile: guarded(id => (this.#contents.delete(id >>> 0) ? Errno.None : Errno.ContentNotFound)),
      contentFileCid: withContent((c, cidPtr = 0) => writeCid(cidPtr, c.cid)),
      contentReadFile: withContent((c, bufPtr = 0, bufLen = 0, countPtr = 0) => {
        ctx.mem.check(countPtr >>> 0, 4)
        const chunk = c.bytes.subarray(c.pos, Math.max(c.pos, Math.min(c.length, c.pos + (bufLen >>> 0))))
        ctx.mem.write(bufPtr, chunk)
        c.pos += chunk.length
        ctx.mem.setU32(countPtr, chunk.length)
        // As a Go reader: the end is told by a read that finds nothing left.
        return chunk.length === 0 ? Errno.EOF : Errno.None
      }),
      contentWriteFile: withContent((c, bufPtr = 0, bufLen = 0, writtenPtr = 0) => {
        const data = ctx.mem.bytes(bufPtr, bufLen)
        ctx.mem.check(writtenPtr >>> 0, 4)
        const end = c.pos + data.length
        if (end > c.bytes.length) {
          const size = Math.max(end, c.bytes.length * 2)
          if (held() - c.bytes.length + size > MAX_CONTENT_BYTES) {
            ctx.logs.push(`storage content: more than ${MAX_CONTENT_BYTES} bytes written in one call`)
            return Errno.WritingFile
          }
          const grown = new Uint8Array(size)
          grown.set(c.bytes.subarray(0, c.length))
          c.bytes = grown
        }
        c.bytes.set(data, c.pos)
        c.pos = end
        c.length = Math.max(c.length, end)
        ctx.mem.setU32(writtenPtr, data.length)
        return Errno.None
      }),
      contentPushFile: withContent((c, cidPtr = 0) => {
        ctx.mem.check(cidPtr >>> 0, CID_BUFFER)
        c.pos = 0
        const r = ask({ op: 'stContentPush', data: c.bytes.slice(0, c.length) }, Errno.AddFileFailed)
        if (!r.ok) return r.errno
        c.cid = r.cid
        return writeCid(cidPtr, r.cid)
      }),
      // `offset` is an i64 (a BigInt here); whence is io.SeekStart, SeekCurrent or SeekEnd.
      contentSeekFile: withContent((c, offset = 0, whence = 0, offsetPtr = 0) => {
        if (whence < 0 || whence > 2) return Errno.InvalidWhence
        const base = whence === 0 ? 0 : whence === 1 ? c.pos : c.length
        const to = base + Number(offset)
        if (to < 0 || to > 0xffffffff) return Errno.SeekingFile
        ctx.mem.setU32(offsetPtr, to)
        c.pos = to
        return Errno.None
      })
    }
    return out
  }
}

/** Opening and pushing wait on the hoarders: a module importing any of these runs in a worker. */
export const contentModule: HostModule<ContentCall, 'content'> = {
  name: 'content',
  module: 'taubyte/sdk',
  imports: [
    'storageNewContent',
    'storageOpenCid',
    'contentCloseFile',
    'contentFileCid',
    'contentReadFile',
    'contentWriteFile',
    'contentPushFile',
    'contentSeekFile'
  ],
  inline: false,
  calls: { stContentGet: true, stContentPush: true },
  link: ctx => perCall(new StorageContents(), c => c.imports(ctx, ctx.host))
}
