/** A website's archive (written by monkey, opened by the substrate) and how a request path is answered from it. */
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { deflateRawSync } from 'node:zlib'
import { readZip, writeZip } from '../../src/shared/zip.js'
import { contentTypeOf, openSite } from '../../src/services/substrate/website-files.js'
import { byteRange, inSite, siteAnswer } from '../../src/services/substrate/website.js'
import { pathScore } from '../../src/services/substrate/website-router.js'

const enc = (s: string): Uint8Array => new TextEncoder().encode(s)
const text = (b: Uint8Array): string => new TextDecoder().decode(b)
const CAP = 1 << 20

test('an archive reads back the files written, stored or deflated, with UTF-8 names', async () => {
  const files = [
    { name: 'index.html', data: enc('<!doctype html><p>hi'.repeat(50)) },
    { name: 'img/logo.png', data: Uint8Array.from([0x89, 0x50, 0x4e, 0x47]) },
    { name: 'été/ça.txt', data: enc('é') },
    { name: 'empty', data: new Uint8Array(0) }
  ]
  const back = await readZip(await writeZip(files), CAP)
  assert.deepEqual(
    back.map(f => [f.name, text(f.data)]),
    files.map(f => [f.name, text(f.data)])
  )
})

test('the same files give the same archive bytes (and so the same CID)', async () => {
  const files = [{ name: 'a.txt', data: enc('a') }]
  assert.deepEqual(await writeZip(files), await writeZip(files))
})

test('files archived as streams give the bytes their contents give in memory: one CID for one site', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'dream-zip-'))
  try {
    // Larger than a stream's chunk (64 KiB), compressible and not, and empty: deflated, stored, and nothing.
    const random = Uint8Array.from({ length: 100_000 }, (_, i) => (i * 2654435761) >>> 24)
    const data = [enc('<p>hi</p>'.repeat(40_000)), random, new Uint8Array(0)]
    const names = ['index.html', 'noise.bin', 'empty']
    for (const [i, d] of data.entries()) await writeFile(join(dir, String(i)), d)
    const inMemory = await writeZip(data.map((d, i) => ({ name: names[i] ?? '', data: d })))
    const streamed = await writeZip(names.map((name, i) => ({ name, path: join(dir, String(i)) })))
    assert.deepEqual(streamed, inMemory)
    assert.deepEqual(
      (await readZip(streamed, CAP)).map(f => f.data.length),
      data.map(d => d.length)
    )
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
})

test('a damaged archive is refused with ZIP_INVALID, not read as other files', async () => {
  await assert.rejects(readZip(enc('not a zip at all, just some text'), CAP), { code: 'ZIP_INVALID' })
  const zip = await writeZip([{ name: 'a.txt', data: enc('hello hello hello hello') }])
  // Flip a byte of the first entry's data (after its 30-byte header and 5-byte name).
  const bad = Uint8Array.from(zip)
  bad[36] = (bad[36] ?? 0) ^ 0xff
  await assert.rejects(readZip(bad, CAP), { code: 'ZIP_INVALID' })
})

test('an archive inflating past the cap (a small zip bomb) is refused with ZIP_TOO_LARGE', async () => {
  // 4 MiB of zeros deflate to a few KiB, against a 1 MiB cap.
  const bomb = await writeZip([{ name: 'zeros.bin', data: new Uint8Array(4 * CAP) }])
  assert.ok(bomb.byteLength < 16 * 1024)
  await assert.rejects(readZip(bomb, CAP), (err: Error & { code: string }) => {
    assert.equal(err.code, 'ZIP_TOO_LARGE')
    assert.match(err.message, /more than 1048576 bytes/)
    return true
  })
  // Entries under the cap each, over it together.
  const many = await writeZip([
    { name: 'a.bin', data: new Uint8Array(CAP / 2 + 1) },
    { name: 'b.bin', data: new Uint8Array(CAP / 2) }
  ])
  await assert.rejects(openSite(many, CAP), { code: 'ZIP_TOO_LARGE' })
  assert.equal((await openSite(await writeZip([{ name: 'a.bin', data: new Uint8Array(CAP) }]), CAP)).files.size, 1)
})

test('a file that shrinks is deflated, and reads back', async () => {
  const data = enc('x'.repeat(1000))
  const zip = await writeZip([{ name: 'x.txt', data }])
  const method = Buffer.from(zip).readUInt16LE(8)
  assert.equal(method, 8)
  assert.ok(zip.byteLength < deflateRawSync(data).length + 200, 'the archive holds the deflated bytes')
  assert.equal(text((await readZip(zip, CAP))[0]?.data ?? new Uint8Array()), 'x'.repeat(1000))
})

test('content types by extension, sniffed otherwise', () => {
  assert.equal(contentTypeOf('/index.html', enc('')), 'text/html; charset=utf-8')
  assert.equal(contentTypeOf('/a/site.CSS', enc('')), 'text/css; charset=utf-8')
  assert.equal(contentTypeOf('/app.js', enc('')), 'text/javascript; charset=utf-8')
  assert.equal(contentTypeOf('/logo.svg', enc('')), 'image/svg+xml')
  assert.equal(contentTypeOf('/LICENSE', enc('MIT')), 'text/plain; charset=utf-8')
  assert.equal(contentTypeOf('/v1.2/blob', Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 13, 10, 26, 10])), 'image/png')
})

test('an opened site: files by path with content-hash ETags, folders, and no names climbing out', async () => {
  const site = await openSite(
    await writeZip([
      { name: 'index.html', data: enc('<p>home') },
      { name: 'docs/index.html', data: enc('<p>docs') },
      { name: 'docs/a/b.txt', data: enc('b') },
      { name: 'copy.html', data: enc('<p>home') },
      { name: '../escape.txt', data: enc('no') }
    ])
  )
  assert.deepEqual([...site.files.keys()].sort(), ['/copy.html', '/docs/a/b.txt', '/docs/index.html', '/index.html'])
  assert.deepEqual([...site.dirs].sort(), ['/', '/docs', '/docs/a'])
  const home = site.files.get('/index.html')
  assert.match(home?.etag ?? '', /^"[A-Za-z0-9_-]{27}"$/)
  assert.equal(site.files.get('/copy.html')?.etag, home?.etag, 'same bytes, same ETag')
  assert.notEqual(site.files.get('/docs/index.html')?.etag, home?.etag)
})

test('a path is answered by its file, a folder by its index.html or a redirect, a miss by 404.html', async () => {
  const files = [
    { name: 'index.html', data: enc('<p>home') },
    { name: 'docs/index.html', data: enc('<p>docs') },
    { name: 'img/x.png', data: enc('png') }
  ]
  const site = await openSite(await writeZip(files))
  const body = (path: string): string => {
    const a = siteAnswer(site, path)
    return a.kind === 'file' ? `${a.status} ${text(a.file.data)}` : a.kind === 'redirect' ? `301 ${a.location}` : '404'
  }
  assert.equal(body('/'), '200 <p>home')
  assert.equal(body('/docs/'), '200 <p>docs')
  assert.equal(body('/docs'), '301 docs/')
  assert.equal(body('/img/'), '200 <p>home', "a folder without index.html: the site's index.html, as in tau")
  assert.equal(body('/img/y.png'), '404', 'a missing file with an extension')
  assert.equal(body('/app/route'), '200 <p>home', "a missing page: the site's index.html (single-page apps)")
  const noIndex = await openSite(await writeZip([{ name: 'img/x.png', data: enc('png') }]))
  assert.equal(siteAnswer(noIndex, '/app/route').kind, 'missing', 'no index.html to fall back on')
  const with404 = await openSite(await writeZip([...files, { name: '404.html', data: enc('<p>lost') }]))
  const a = siteAnswer(with404, '/img/y.png')
  assert.equal(a.kind === 'file' ? `${a.status} ${text(a.file.data)}` : a.kind, '404 <p>lost')
})

test('the website path is cut off the request path, as the substrate matches it', () => {
  assert.equal(inSite('/', '/a/b'), '/a/b')
  assert.equal(inSite('/docs', '/docs'), '/')
  assert.equal(inSite('/docs', '/docs/'), '/')
  assert.equal(inSite('/docs', '/docs/a/'), '/a/')
  assert.equal(inSite('/docs', '/docs/a/../../b'), '/b')
})

test('website paths score as tau ranks them: exact, then the longest prefix, then the root', () => {
  assert.equal(pathScore('/docs', '/docs'), 256)
  assert.ok(pathScore('/docs', '/docs/x') > pathScore('/', '/docs/x'))
  assert.ok(pathScore('/docs/api', '/docs/api/x') > pathScore('/docs', '/docs/api/x'))
  assert.equal(pathScore('/docs', '/docsx'), -1)
  assert.equal(pathScore('/docs', '/'), -1)
  assert.equal(pathScore('/', '/anything'), 1)
})

test('a single byte range as Go serves one: a-b, a-, -n; past the end unsatisfiable; others the whole file', () => {
  assert.deepEqual(byteRange('bytes=0-3', 10), { start: 0, end: 3 })
  assert.deepEqual(byteRange('bytes=4-', 10), { start: 4, end: 9 })
  assert.deepEqual(byteRange('bytes=-3', 10), { start: 7, end: 9 })
  assert.deepEqual(byteRange('bytes=5-100', 10), { start: 5, end: 9 })
  assert.equal(byteRange('bytes=10-', 10), 'unsatisfiable')
  assert.equal(byteRange('bytes=-0', 10), 'unsatisfiable')
  assert.equal(byteRange(undefined, 10), undefined)
  assert.equal(byteRange('bytes=0-1,4-5', 10), undefined)
  assert.equal(byteRange('items=0-1', 10), undefined)
  assert.equal(byteRange('bytes=5-2', 10), undefined)
})
