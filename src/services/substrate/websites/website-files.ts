import { createHash } from 'node:crypto'
import { readZip } from '../../../shared/zip.js'
import type { HoarderClient } from '../../hoarder/client.js'
import { sniffContentType } from './content-type.js'

/** Sites kept opened in memory, by archive CID, and the bytes of their files at most. */
const KEEP_SITES = 32
const KEEP_BYTES = 256 * 1024 * 1024
/** The inflated bytes one site may hold: no more than the cache keeps of all sites. */
const MAX_SITE_BYTES = KEEP_BYTES

/**
 * Content types by extension, for the files sites are made of (what Go's `mime.TypeByExtension` answers for
 * them, as tau's substrate serves a website with Go's file server). Other files are sniffed from their bytes.
 */
const TYPES: Record<string, string> = {
  html: 'text/html; charset=utf-8',
  htm: 'text/html; charset=utf-8',
  css: 'text/css; charset=utf-8',
  js: 'text/javascript; charset=utf-8',
  mjs: 'text/javascript; charset=utf-8',
  json: 'application/json',
  map: 'application/json',
  webmanifest: 'application/manifest+json',
  xml: 'text/xml; charset=utf-8',
  txt: 'text/plain; charset=utf-8',
  md: 'text/markdown; charset=utf-8',
  csv: 'text/csv; charset=utf-8',
  svg: 'image/svg+xml',
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  gif: 'image/gif',
  webp: 'image/webp',
  avif: 'image/avif',
  ico: 'image/vnd.microsoft.icon',
  woff: 'font/woff',
  woff2: 'font/woff2',
  ttf: 'font/ttf',
  otf: 'font/otf',
  wasm: 'application/wasm',
  pdf: 'application/pdf',
  mp4: 'video/mp4',
  webm: 'video/webm',
  mp3: 'audio/mpeg',
  ogg: 'audio/ogg',
  wav: 'audio/wav',
  zip: 'application/zip'
}

export interface SiteFile {
  data: Uint8Array
  type: string
  /** A strong validator: the content's hash, so the same bytes keep their ETag across builds and nodes. */
  etag: string
}

/** A website's files by path from its root (`/index.html`, `/css/site.css`), and its folders (`/css`). */
export interface SiteFiles {
  files: Map<string, SiteFile>
  dirs: Set<string>
}

/** The type a file is served with: by its extension, else sniffed as for a function's response. */
export function contentTypeOf(path: string, data: Uint8Array): string {
  const dot = path.lastIndexOf('.')
  const ext = dot > path.lastIndexOf('/') ? path.slice(dot + 1).toLowerCase() : ''
  return TYPES[ext] ?? sniffContentType(data)
}

/** Opens a website archive (as monkey stored it) into its files, at most `maxBytes` of them together. */
export async function openSite(archive: Uint8Array, maxBytes = MAX_SITE_BYTES): Promise<SiteFiles> {
  const files = new Map<string, SiteFile>()
  const dirs = new Set<string>(['/'])
  for (const e of await readZip(archive, maxBytes)) {
    const parts = e.name.split('/').filter(p => p !== '' && p !== '.')
    // A name that climbs out of the site is no file of it.
    if (parts.includes('..') || parts.length === 0) continue
    const path = `/${parts.join('/')}`
    for (let i = 1; i < parts.length; i++) dirs.add(`/${parts.slice(0, i).join('/')}`)
    const etag = `"${createHash('sha256').update(e.data).digest('base64url').slice(0, 27)}"`
    files.set(path, { data: e.data, type: contentTypeOf(path, e.data), etag })
  }
  return { files, dirs }
}

/**
 * Opened sites by archive CID, fetched from hoarder once each (concurrent first requests share the fetch). At most
 * KEEP_SITES sites and KEEP_BYTES of files are kept; the least recently used go first.
 */
export class SiteCache {
  readonly #hoarder: HoarderClient
  readonly #sites = new Map<string, { site: Promise<SiteFiles>; bytes: number }>()
  #bytes = 0

  constructor(hoarder: HoarderClient) {
    this.#hoarder = hoarder
  }

  async get(cid: string): Promise<SiteFiles> {
    const hit = this.#sites.get(cid)
    if (hit !== undefined) {
      // Most recently used last.
      this.#sites.delete(cid)
      this.#sites.set(cid, hit)
      return await hit.site
    }
    const entry = { site: (async () => await openSite(await this.#hoarder.get(cid)))(), bytes: 0 }
    this.#sites.set(cid, entry)
    try {
      const site = await entry.site
      if (this.#sites.get(cid) === entry) {
        for (const f of site.files.values()) entry.bytes += f.data.byteLength
        this.#bytes += entry.bytes
        this.#trim(cid)
      }
      return site
    } catch (err) {
      if (this.#sites.get(cid) === entry) this.#sites.delete(cid)
      throw err
    }
  }

  /** Drops the least recently used sites (never `keep`, the one just opened) until both bounds hold. */
  #trim(keep: string): void {
    for (const [cid, e] of this.#sites) {
      if (this.#sites.size <= KEEP_SITES && this.#bytes <= KEEP_BYTES) return
      if (cid === keep) continue
      this.#sites.delete(cid)
      this.#bytes -= e.bytes
    }
  }
}
