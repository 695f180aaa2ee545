/**
 * The `taubyte/sdk` storage functions go-sdk's `storage` package calls, with tau's names, signatures and errno
 * results: `storageNew`/`storageGet(matchPtr, matchLen, idPtr)` open the project's storage whose name or regex
 * matches; files are added, read through a descriptor, versioned, listed and deleted on that id; used space and
 * capacity are decimal strings; `storageCid` writes a file's content id in binary into go-sdk's 64-byte buffer.
 * Each operation is a host call answered by the node (host-bridge.ts), so a module importing any of these never
 * runs inline. The content functions are host-storage-content.ts.
 */
import { clearUsed } from './clear-used.js'
import { Errno } from './errno.js'
import { guarded, hostAsker } from './host-guard.js'
import { encode, type GuestMemory } from './guest-memory.js'
import { cidBytes } from '../shared/cid.js'
import type { HostReply } from './host-calls.js'
import { type HostModule, perCall } from './host-module.js'
import type { StorageRef } from '../shared/storage-ref.js'

/**
 * The storage operations (answered by the substrate's FunctionStorages): file content lives on the hoarders by
 * content id, the file index in a hoarder database. `version` 0 means the latest, as in tau.
 */
export type StorageCall =
  | { op: 'stOpen'; matcher: string }
  | { op: 'stAdd'; st: StorageRef; file: string; data: Uint8Array; overwrite: boolean }
  | { op: 'stRead'; st: StorageRef; file: string; version: number }
  | { op: 'stDelete'; st: StorageRef; file: string; version: number; all: boolean }
  | { op: 'stVersions'; st: StorageRef; file: string }
  | { op: 'stFiles'; st: StorageRef }
  | { op: 'stCurrent'; st: StorageRef; file: string }
  | { op: 'stUsed'; st: StorageRef }
  | { op: 'stCid'; st: StorageRef; file: string }

interface StorageContext {
  mem: GuestMemory
  readonly logs: string[]
}

interface Handle {
  st: StorageRef
  /** Open files by descriptor: the whole content, read from `pos`. */
  files: Map<number, { data: Uint8Array; pos: number }>
  nextFd: number
  /** What a size call fetched, read back by the following call without a second trip. */
  last?: { what: string; bytes: Uint8Array }
}

type Fn = (...args: number[]) => number

class StorageHandles {
  readonly #handles = new Map<number, Handle>()
  /** `storageCurrentVersion` names no storage: it reads what the size call found for the file (as tau). */
  readonly #current = new Map<string, Uint8Array>()
  #next = 0

  /** Forgets every handle: called when a guest call ends. */
  reset(): void {
    clearUsed(this.#handles)
    clearUsed(this.#current)
    this.#next = 0
  }

  imports(ctx: StorageContext, host: ((c: StorageCall) => HostReply) | undefined): Record<string, Fn> {
    const ask = hostAsker<StorageCall>(ctx, host, 'storage', 'storages are')
    const guard = (f: (...a: number[]) => number): Fn => guarded((...a) => f(...a.map(x => x >>> 0)))
    const open = (failed: number) =>
      guard((matchPtr, matchLen, idPtr) => {
        const matcher = ctx.mem.string(matchPtr, matchLen)
        ctx.mem.check(idPtr, 4)
        const r = ask({ op: 'stOpen', matcher }, failed)
        // tau answers by the function called, whatever the reason: New's create failed, Get's not found.
        if (!r.ok || r.storage === undefined) return failed
        const id = this.#next++ >>> 0
        this.#handles.set(id, { st: r.storage, files: new Map(), nextFd: 0 })
        ctx.mem.setU32(idPtr, id)
        return Errno.None
      })
    /** Bytes of a list or a number, fetched once for the size call and once more only without it. */
    const bytesOf = (h: Handle, what: string, c: StorageCall, failed: number): Uint8Array | number => {
      if (h.last?.what === what) {
        const bytes = h.last.bytes
        h.last = undefined
        return bytes
      }
      const r = ask(c, failed)
      if (!r.ok) return r.errno
      if (r.keys !== undefined) return encode(r.keys.map(k => `${k}\0`).join(''))
      return encode(String(r.number ?? 0))
    }
    const sized = (id: number, what: string, c: (st: StorageRef) => StorageCall, failed: number, ptr: number) => {
      const h = this.#handles.get(id)
      if (h === undefined) return Errno.StorageNotFound
      const got = bytesOf(h, what, c(h.st), failed)
      if (typeof got === 'number') return got
      ctx.mem.setU32(ptr, got.length)
      h.last = { what, bytes: got }
      return Errno.None
    }
    const read = (id: number, what: string, c: (st: StorageRef) => StorageCall, failed: number, ptr: number) => {
      const h = this.#handles.get(id)
      if (h === undefined) return Errno.StorageNotFound
      const got = bytesOf(h, what, c(h.st), failed)
      if (typeof got === 'number') return got
      ctx.mem.write(ptr, got)
      return Errno.None
    }
    const capacity = (id: number): Uint8Array | undefined => {
      const h = this.#handles.get(id)
      return h === undefined ? undefined : encode(String(h.st.size))
    }

    return {
      storageNew: open(Errno.DatabaseCreateFailed),
      storageGet: open(Errno.StorageNotFound),
      storageAddFile: guard((id, namePtr, nameLen, versionPtr, bufPtr, bufLen, overwrite) => {
        const h = this.#handles.get(id)
        if (h === undefined) return Errno.StorageNotFound
        const file = ctx.mem.string(namePtr, nameLen)
        ctx.mem.check(versionPtr, 4)
        // A copy: the guest's memory is not ours to hand to another thread.
        const data = ctx.mem.bytes(bufPtr, bufLen).slice()
        h.last = undefined
        const r = ask({ op: 'stAdd', st: h.st, file, data, overwrite: overwrite === 1 }, Errno.AddFileFailed)
        if (!r.ok) return r.errno
        ctx.mem.setU32(versionPtr, r.number ?? 0)
        return Errno.None
      }),
      storageGetFile: guard((id, namePtr, nameLen, version, fdPtr) => {
        const h = this.#handles.get(id)
        if (h === undefined) return Errno.StorageNotFound
        const file = ctx.mem.string(namePtr, nameLen)
        ctx.mem.check(fdPtr, 4)
        const r = ask({ op: 'stRead', st: h.st, file, version }, Errno.StorageGetMetaFailed)
        if (!r.ok) return r.errno
        const fd = h.nextFd++ >>> 0
        h.files.set(fd, { data: r.data ?? new Uint8Array(0), pos: 0 })
        ctx.mem.setU32(fdPtr, fd)
        return Errno.None
      }),
      storageReadFile: guard((id, fd, bufPtr, bufSize, countPtr) => {
        const f = this.#handles.get(id)?.files.get(fd)
        if (f === undefined) return Errno.AddressOutOfMemory
        ctx.mem.check(countPtr, 4)
        const chunk = f.data.subarray(f.pos, f.pos + bufSize)
        ctx.mem.write(bufPtr, chunk)
        f.pos += chunk.length
        ctx.mem.setU32(countPtr, chunk.length)
        // As a Go reader: the end is told by a read that finds nothing left.
        return chunk.length === 0 ? Errno.EOF : Errno.None
      }),
      storageCloseFile: guard((id, fd) => {
        const h = this.#handles.get(id)
        if (h === undefined) return Errno.StorageNotFound
        return h.files.delete(fd) ? Errno.None : Errno.AddressOutOfMemory
      }),
      storageDeleteFile: guard((id, namePtr, nameLen, version, clear) => {
        const h = this.#handles.get(id)
        if (h === undefined) return Errno.StorageNotFound
        const file = ctx.mem.string(namePtr, nameLen)
        h.last = undefined
        return ask({ op: 'stDelete', st: h.st, file, version, all: clear === 1 }, Errno.DeleteFileFailed).errno
      }),
      storageListVersionsSize: guard((id, namePtr, nameLen, sizePtr) => {
        const file = ctx.mem.string(namePtr, nameLen)
        const c = (st: StorageRef): StorageCall => ({ op: 'stVersions', st, file })
        return sized(id, `versions:${file}`, c, Errno.ListFileVersionsFailed, sizePtr)
      }),
      storageListVersions: guard((id, namePtr, nameLen, ptr) => {
        const file = ctx.mem.string(namePtr, nameLen)
        const c = (st: StorageRef): StorageCall => ({ op: 'stVersions', st, file })
        return read(id, `versions:${file}`, c, Errno.ListFileVersionsFailed, ptr)
      }),
      storageListFilesSize: guard((id, sizePtr) =>
        sized(id, 'files', st => ({ op: 'stFiles', st }), Errno.StorageListFailed, sizePtr)
      ),
      storageListFiles: guard((id, ptr) =>
        read(id, 'files', st => ({ op: 'stFiles', st }), Errno.StorageListFailed, ptr)
      ),
      storageCurrentVersionSize: guard((id, namePtr, nameLen, sizePtr) => {
        const h = this.#handles.get(id)
        if (h === undefined) return Errno.AddressOutOfMemory
        const file = ctx.mem.string(namePtr, nameLen)
        ctx.mem.check(sizePtr, 4)
        const r = ask({ op: 'stCurrent', st: h.st, file }, Errno.ListFileVersionsFailed)
        if (!r.ok) return r.errno
        const bytes = encode(String(r.number ?? 0))
        this.#current.set(file, bytes)
        ctx.mem.setU32(sizePtr, bytes.length)
        return Errno.None
      }),
      storageCurrentVersion: guard((namePtr, nameLen, ptr) => {
        const bytes = this.#current.get(ctx.mem.string(namePtr, nameLen))
        if (bytes === undefined) return Errno.AddressOutOfMemory
        ctx.mem.write(ptr, bytes)
        return Errno.None
      }),
      storageUsedSize: guard((id, sizePtr) =>
        sized(id, 'used', st => ({ op: 'stUsed', st }), Errno.ListingUsedSpaceFailed, sizePtr)
      ),
      storageUsed: guard((id, ptr) =>
        read(id, 'used', st => ({ op: 'stUsed', st }), Errno.ListingUsedSpaceFailed, ptr)
      ),
      storageCid: guard((id, namePtr, nameLen, cidPtr) => {
        const h = this.#handles.get(id)
        if (h === undefined) return Errno.StorageNotFound
        const file = ctx.mem.string(namePtr, nameLen)
        ctx.mem.check(cidPtr, 64)
        const r = ask({ op: 'stCid', st: h.st, file }, Errno.StorageGetMetaFailed)
        if (!r.ok || r.cid === undefined) return r.ok ? Errno.InvalidCid : r.errno
        ctx.mem.write(cidPtr, cidBytes(r.cid))
        return Errno.None
      }),
      storageCapacitySize: guard((id, sizePtr) => {
        const bytes = capacity(id)
        if (bytes === undefined) return Errno.StorageNotFound
        ctx.mem.setU32(sizePtr, bytes.length)
        return Errno.None
      }),
      storageCapacity: guard((id, ptr) => {
        const bytes = capacity(id)
        if (bytes === undefined) return Errno.StorageNotFound
        ctx.mem.write(ptr, bytes)
        return Errno.None
      })
    }
  }
}

/** Its calls wait on the hoarders: a module importing any of these runs in a worker. */
export const storageModule: HostModule<StorageCall, 'storage'> = {
  name: 'storage',
  module: 'taubyte/sdk',
  imports: [
    'storageNew',
    'storageGet',
    'storageAddFile',
    'storageGetFile',
    'storageReadFile',
    'storageCloseFile',
    'storageDeleteFile',
    'storageListVersionsSize',
    'storageListVersions',
    'storageListFilesSize',
    'storageListFiles',
    'storageCurrentVersionSize',
    'storageCurrentVersion',
    'storageUsedSize',
    'storageUsed',
    'storageCapacitySize',
    'storageCapacity',
    'storageCid'
  ],
  inline: false,
  calls: {
    stOpen: true,
    stAdd: true,
    stRead: true,
    stDelete: true,
    stVersions: true,
    stFiles: true,
    stCurrent: true,
    stUsed: true,
    stCid: true
  },
  link: ctx => perCall(new StorageHandles(), h => h.imports(ctx, ctx.host))
}
