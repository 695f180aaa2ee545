/**
 * The small part of the ZIP format a website build needs: one archive of the output folder (what tau's monkey
 * stores for a website, and what its substrate opens), written with deflate and read back with stored or
 * deflated entries. No ZIP64, encryption or multi-disk archives: a site larger than 4 GiB is not a dev site.
 */
import { createReadStream } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { pipeline } from 'node:stream/promises'
import { promisify } from 'node:util'
import * as zlib from 'node:zlib'
import { DreamError } from './errors.js'

export interface ZipEntry {
  /** A relative path with `/` separators (no leading `/`, no `..`). */
  name: string
  data: Uint8Array
}

/** An entry whose bytes are a file's, read as a stream when it is archived (never whole in memory). */
export interface ZipFile {
  name: string
  path: string
}

const LOCAL = 0x04034b50
const CENTRAL = 0x02014b50
const END = 0x06054b50
/** Bit 11: names are UTF-8. */
const UTF8 = 0x0800
/** 1980-01-01 00:00 in DOS time: a fixed time makes the archive (and its CID) depend on the files alone. */
const DOS_DATE = (0 << 9) | (1 << 5) | 1

const CRC_TABLE = (() => {
  const t = new Uint32Array(256)
  for (let n = 0; n < 256; n++) {
    let c = n
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1
    t[n] = c >>> 0
  }
  return t
})()

/** Node's own (20.15 and later: native, no stall of the thread on a large file), else the table below. */
const nativeCrc32 = (zlib as { crc32?: (b: Uint8Array, value?: number) => number }).crc32

/** The CRC-32 of `b`, continued from `prev` (the CRC of the bytes before it). */
function crc32(b: Uint8Array, prev = 0): number {
  if (nativeCrc32 !== undefined) return nativeCrc32(b, prev) >>> 0
  let c = (prev ^ 0xffffffff) >>> 0
  for (const x of b) c = (CRC_TABLE[(c ^ x) & 0xff] ?? 0) ^ (c >>> 8)
  return (c ^ 0xffffffff) >>> 0
}

const deflate = promisify(zlib.deflateRaw)

/** One entry's bytes as stored: deflated unless that is no smaller. */
interface Packed {
  method: number
  body: Buffer
  crc: number
  size: number
}

async function packData(data: Uint8Array): Promise<Packed> {
  const packed = await deflate(data)
  const method = packed.length < data.length ? 8 : 0
  return { method, body: method === 8 ? packed : Buffer.from(data), crc: crc32(data), size: data.length }
}

/** A file streamed through the CRC and deflate (on the thread pool): only its deflated bytes are held. */
async function packFile(path: string): Promise<Packed> {
  let crc = 0
  let size = 0
  const out: Buffer[] = []
  await pipeline(
    createReadStream(path),
    async function* (chunks: AsyncIterable<Buffer>) {
      for await (const c of chunks) {
        crc = crc32(c, crc)
        size += c.length
        yield c
      }
    },
    zlib.createDeflateRaw(),
    async (packed: AsyncIterable<Buffer>) => {
      for await (const c of packed) out.push(c)
    }
  )
  const packed = Buffer.concat(out)
  // Stored as it is when deflate does not make it smaller (it is then no larger than its deflated bytes).
  if (packed.length >= size) return { method: 0, body: await readFile(path), crc, size }
  return { method: 8, body: packed, crc, size }
}

/**
 * An archive of `entries`, in the order given (callers sort them so the same files give the same bytes). Each
 * entry is deflated on libuv's thread pool, not on the calling thread, and a file's entry is read as a stream:
 * a build must not stall what the daemon serves, nor hold its files whole.
 */
export async function writeZip(entries: Array<ZipEntry | ZipFile>): Promise<Uint8Array> {
  const parts: Buffer[] = []
  const central: Buffer[] = []
  let offset = 0
  for (const e of entries) {
    const name = Buffer.from(e.name, 'utf8')
    const { method, body, crc, size } = 'data' in e ? await packData(e.data) : await packFile(e.path)
    const local = Buffer.alloc(30)
    local.writeUInt32LE(LOCAL, 0)
    local.writeUInt16LE(20, 4)
    local.writeUInt16LE(UTF8, 6)
    local.writeUInt16LE(method, 8)
    local.writeUInt16LE(0, 10)
    local.writeUInt16LE(DOS_DATE, 12)
    local.writeUInt32LE(crc, 14)
    local.writeUInt32LE(body.length, 18)
    local.writeUInt32LE(size, 22)
    local.writeUInt16LE(name.length, 26)
    parts.push(local, name, body)
    const c = Buffer.alloc(46)
    c.writeUInt32LE(CENTRAL, 0)
    c.writeUInt16LE(20, 4)
    c.writeUInt16LE(20, 6)
    c.writeUInt16LE(UTF8, 8)
    c.writeUInt16LE(method, 10)
    c.writeUInt16LE(0, 12)
    c.writeUInt16LE(DOS_DATE, 14)
    c.writeUInt32LE(crc, 16)
    c.writeUInt32LE(body.length, 20)
    c.writeUInt32LE(size, 24)
    c.writeUInt16LE(name.length, 28)
    c.writeUInt32LE(offset, 42)
    central.push(c, name)
    offset += local.length + name.length + body.length
  }
  const dir = Buffer.concat(central)
  const end = Buffer.alloc(22)
  end.writeUInt32LE(END, 0)
  end.writeUInt16LE(entries.length, 8)
  end.writeUInt16LE(entries.length, 10)
  end.writeUInt32LE(dir.length, 12)
  end.writeUInt32LE(offset, 16)
  return new Uint8Array(Buffer.concat([...parts, dir, end]))
}

function bad(why: string): DreamError {
  return new DreamError('ZIP_INVALID', `not a website archive: ${why}`)
}

const inflate = promisify(zlib.inflateRaw)

function tooLarge(maxBytes: number): DreamError {
  return new DreamError(
    'ZIP_TOO_LARGE',
    `the website archive inflates to more than ${maxBytes} bytes, more than a site may hold: make the site smaller`
  )
}

/**
 * The files of an archive (folders skipped), read through its central directory and checked by CRC. Their
 * inflated bytes together are at most `maxBytes`: a small archive of highly compressible entries is refused
 * (ZIP_TOO_LARGE) once it inflates past that, whatever sizes its headers claim, without inflating the rest.
 */
export async function readZip(bytes: Uint8Array, maxBytes: number): Promise<ZipEntry[]> {
  const b = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  let end = -1
  // The end record is the last 22 bytes unless the archive has a comment (at most 65535 bytes).
  for (let i = b.length - 22; i >= Math.max(0, b.length - 22 - 65535); i--) {
    if (b.readUInt32LE(i) === END) {
      end = i
      break
    }
  }
  if (end < 0) throw bad('no end of central directory')
  const count = b.readUInt16LE(end + 10)
  let at = b.readUInt32LE(end + 16)
  const out: ZipEntry[] = []
  let total = 0
  for (let n = 0; n < count; n++) {
    if (at + 46 > b.length || b.readUInt32LE(at) !== CENTRAL) throw bad(`entry ${n} is not a central record`)
    const method = b.readUInt16LE(at + 10)
    const crc = b.readUInt32LE(at + 16)
    const size = b.readUInt32LE(at + 20)
    const nameLen = b.readUInt16LE(at + 28)
    const skip = nameLen + b.readUInt16LE(at + 30) + b.readUInt16LE(at + 32)
    const local = b.readUInt32LE(at + 42)
    const name = b.toString('utf8', at + 46, at + 46 + nameLen)
    at += 46 + skip
    if (name.endsWith('/')) continue
    if (local + 30 > b.length || b.readUInt32LE(local) !== LOCAL) throw bad(`${name}: no local header`)
    const start = local + 30 + b.readUInt16LE(local + 26) + b.readUInt16LE(local + 28)
    const raw = b.subarray(start, start + size)
    if (raw.length !== size) throw bad(`${name} is cut short`)
    const left = maxBytes - total
    let data: Uint8Array
    if (method === 0) data = new Uint8Array(raw)
    else if (method === 8) data = await inflated(raw, left, maxBytes)
    else throw bad(`${name} uses compression method ${method} (only stored and deflate are read)`)
    if (data.byteLength > left) throw tooLarge(maxBytes)
    total += data.byteLength
    if (crc32(data) !== crc) throw bad(`${name} fails its CRC`)
    out.push({ name, data })
  }
  return out
}

/** Inflates at most `left` bytes (plus one, to tell a full fit from an overflow). */
async function inflated(raw: Buffer, left: number, maxBytes: number): Promise<Uint8Array> {
  try {
    return new Uint8Array(await inflate(raw, { maxOutputLength: left + 1 }))
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') throw tooLarge(maxBytes)
    throw bad(`an entry does not inflate: ${(err as Error).message}`)
  }
}
