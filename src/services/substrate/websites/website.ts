import type { IncomingMessage, ServerResponse } from 'node:http'
import { posix } from 'node:path'
import { errorMessage } from '../../../shared/errors.js'
import type { HoarderClient } from '../../hoarder/client.js'
import type { TnsClient } from '../../tns/client.js'
import { sendText, type HeaderList } from '../serving/respond.js'
import { SiteCache, type SiteFile, type SiteFiles } from './website-files.js'
import { WebsiteRouter, type SiteMatch } from './website-router.js'

/** What a request asks of a site once its website path is taken off. */
type Answer =
  | { kind: 'file'; status: 200 | 404; file: SiteFile }
  | { kind: 'redirect'; location: string }
  | { kind: 'missing' }

/**
 * Serves websites: the files of a website's latest build for the hosts and paths of its config. Within a site, as
 * tau's substrate (Go's file server over the archive) answers: a file by its path; a folder by its `index.html`,
 * a folder named without its trailing `/` redirected to it. A missing path answers the site's own `/404.html`
 * with status 404 when it has one; otherwise a path without an extension gets the site's `/index.html` (tau
 * serves every missing path so, for single-page applications) and anything else a plain 404, so that a missing
 * script or image is not answered with a page. Files carry a content-hash `ETag`; a matching `If-None-Match` gets
 * 304, and a single `Range` gets 206 (a video seeks).
 */
export class WebsiteServer {
  readonly #router: WebsiteRouter
  readonly #sites: SiteCache

  constructor(tns: TnsClient, hoarder: HoarderClient, branch: () => string) {
    this.#router = new WebsiteRouter(tns, branch)
    this.#sites = new SiteCache(hoarder)
  }

  invalidate(): void {
    this.#router.invalidate()
  }

  /** Answers the request when a website of `host` covers `path`; false (nothing sent) when none does. */
  async serve(
    req: IncomingMessage,
    res: ServerResponse,
    r: { host: string; path: string; rawQuery: string },
    node: HeaderList
  ): Promise<boolean> {
    const method = req.method ?? 'GET'
    const path = decoded(r.path)
    const m = await this.#router.match(r.host, path)
    if (m === undefined) return false
    const head = provenance(node, m)
    // No function serves this method and path (the caller looked first), and a website serves files only.
    if (method !== 'GET' && method !== 'HEAD') {
      sendText(
        res,
        405,
        [...head, 'allow', 'GET, HEAD'],
        `website ${m.site.name} answers GET and HEAD only, and no function serves ${method} ${r.path}\n`
      )
      return true
    }
    if (m.cid === null) {
      sendText(
        res,
        503,
        head,
        `website ${m.site.name} has no build yet for commit ${m.site.commit.slice(0, 7)}; ` +
          'wait for its website job (`dream builds`)\n'
      )
      return true
    }
    let files: SiteFiles
    try {
      files = await this.#sites.get(m.cid)
    } catch (err) {
      sendText(res, 502, head, `website ${m.site.name}: its build ${m.cid} cannot be opened: ${errorMessage(err)}\n`)
      return true
    }
    const a = siteAnswer(files, inSite(m.base, path))
    if (a.kind === 'redirect') {
      const location = a.location + (r.rawQuery !== '' ? `?${r.rawQuery}` : '')
      res.writeHead(301, [...head, 'location', location, 'content-length', '0'])
      res.end()
    } else if (a.kind === 'missing') {
      sendText(res, 404, head, `website ${m.site.name} has no ${r.path}\n`)
    } else {
      sendFile(req, res, head, a.status, a.file, method === 'HEAD')
    }
    return true
  }
}

function decoded(path: string): string {
  try {
    return decodeURIComponent(path)
  } catch {
    return path
  }
}

/** The request path within the site, as tau's substrate cuts it: the website path off, cleaned, trailing `/` kept. */
export function inSite(base: string, path: string): string {
  const rest = base === '/' ? path : path.slice(base.length)
  const clean = posix.normalize(`/${rest}`)
  return rest.endsWith('/') && clean !== '/' ? `${clean.replace(/\/$/, '')}/` : clean
}

/** What a request for `path` (within the site) gets from the site's files. */
export function siteAnswer(site: SiteFiles, path: string): Answer {
  const file = path.endsWith('/') ? undefined : site.files.get(path)
  if (file !== undefined) return { kind: 'file', status: 200, file }
  const dir = path.length > 1 ? path.replace(/\/$/, '') : '/'
  if (site.dirs.has(dir)) {
    if (!path.endsWith('/')) return { kind: 'redirect', location: `${posix.basename(dir)}/` }
    const index = site.files.get(posix.join(dir, 'index.html'))
    if (index !== undefined) return { kind: 'file', status: 200, file: index }
  }
  const notFound = site.files.get('/404.html')
  if (notFound !== undefined) return { kind: 'file', status: 404, file: notFound }
  const root = site.files.get('/index.html')
  if (root !== undefined && !posix.basename(path).includes('.')) return { kind: 'file', status: 200, file: root }
  return { kind: 'missing' }
}

function sendFile(
  req: IncomingMessage,
  res: ServerResponse,
  head: HeaderList,
  status: 200 | 404,
  f: SiteFile,
  headOnly: boolean
): void {
  if (status === 200 && matches(req.headers['if-none-match'], f.etag)) {
    res.writeHead(304, [...head, 'etag', f.etag])
    res.end()
    return
  }
  let body = Buffer.from(f.data.buffer, f.data.byteOffset, f.data.byteLength)
  const headers = [...head, 'content-type', f.type]
  let code: number = status
  if (status === 200) {
    headers.push('etag', f.etag, 'accept-ranges', 'bytes')
    const range = byteRange(req.headers.range, body.length)
    if (range === 'unsatisfiable') {
      res.writeHead(416, [...head, 'content-range', `bytes */${body.length}`, 'content-length', '0'])
      res.end()
      return
    }
    if (range !== undefined) {
      code = 206
      headers.push('content-range', `bytes ${range.start}-${range.end}/${body.length}`)
      body = body.subarray(range.start, range.end + 1)
    }
  }
  headers.push('content-length', String(body.length))
  res.writeHead(code, headers)
  if (headOnly) res.end()
  else res.end(body)
}

/**
 * One `bytes=` range of a file of `size` bytes (`a-b`, `a-`, `-n`), as Go's file server answers it; several
 * ranges, or a header it cannot read, get the whole file (undefined), as a server may.
 */
export function byteRange(
  header: string | undefined,
  size: number
): { start: number; end: number } | 'unsatisfiable' | undefined {
  const m = header === undefined ? null : /^bytes=(\d*)-(\d*)$/.exec(header.trim())
  if (m === null || (m[1] === '' && m[2] === '')) return undefined
  if (m[1] === '') {
    const n = Number(m[2])
    if (n === 0) return 'unsatisfiable'
    return { start: Math.max(0, size - n), end: size - 1 }
  }
  const start = Number(m[1])
  if (start >= size) return 'unsatisfiable'
  const end = m[2] === '' ? size - 1 : Math.min(Number(m[2]), size - 1)
  return end < start ? undefined : { start, end }
}

/** Whether an `If-None-Match` list names `etag` (weak comparison, as for GET and HEAD), or is `*`. */
function matches(header: string | undefined, etag: string): boolean {
  if (header === undefined) return false
  return header.split(',').some(t => {
    const tag = t.trim()
    return tag === '*' || tag.replace(/^W\//, '') === etag
  })
}

/** Which node, build and config commit answered, as for a function. */
function provenance(node: HeaderList, m: SiteMatch): HeaderList {
  const head = [...node, 'x-dream-commit', m.build?.commit ?? m.site.commit, 'x-dream-config-commit', m.site.commit]
  if (m.build !== null) head.push('x-dream-job', m.build.job)
  return head
}
