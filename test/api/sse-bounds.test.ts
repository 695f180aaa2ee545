/**
 * Live streams have bounds: subscribers per stream and in all (past them a 429 STREAM_SUBSCRIBERS before any
 * stream opens, and room again once one leaves), and what a late subscriber gets of the past.
 */
import { test, describe, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { type ClientRequest, type IncomingMessage, request } from 'node:http'
import type { Daemon } from '../../src/index.js'
import {
  BACKLOG_BYTES,
  BACKLOG_LINES,
  MAX_SUBSCRIBERS,
  MAX_SUBSCRIBERS_PER_STREAM,
  Subscribers,
  boundedLines
} from '../../src/api/stream-bounds.js'
import { DreamError } from '../../src/shared/errors.js'
import { startTestDaemon } from '../helpers/universe.js'

function refused(fn: () => unknown): void {
  assert.throws(fn, (e: unknown) => e instanceof DreamError && e.code === 'STREAM_SUBSCRIBERS' && e.status === 429)
}

describe('stream bounds', () => {
  test('a late subscriber gets at most BACKLOG_LINES and BACKLOG_BYTES of the past, told what it missed', () => {
    const many = Array.from({ length: 5_000 }, (_, i) => `line ${i}`)
    const got = boundedLines(many)
    assert.equal(got.length, BACKLOG_LINES + 1)
    assert.match(got[0] ?? '', /^--- 4500 earlier lines not shown/)
    assert.equal(got.at(-1), 'line 4999')
    const wide = Array.from({ length: 100 }, () => 'x'.repeat(10_000))
    const tail = boundedLines(wide)
    assert.ok(tail.slice(1).join('\n').length <= BACKLOG_BYTES)
    assert.ok(tail.length > 1)
    assert.deepEqual(boundedLines(['a', 'b']), ['a', 'b'])
  })

  test('subscribers per stream and in all are counted; leaving makes room', () => {
    const subs = new Subscribers()
    const leaves = Array.from({ length: MAX_SUBSCRIBERS_PER_STREAM }, () => subs.join('job a'))
    refused(() => subs.join('job a'))
    leaves[0]?.()
    leaves[0]?.()
    subs.join('job a')
    refused(() => subs.join('job a'))
    let n = MAX_SUBSCRIBERS_PER_STREAM
    for (let s = 0; n < MAX_SUBSCRIBERS; s++) {
      for (let i = 0; i < MAX_SUBSCRIBERS_PER_STREAM && n < MAX_SUBSCRIBERS; i++, n++) subs.join(`job b${s}`)
    }
    refused(() => subs.join('job fresh'))
  })
})

describe('stream bounds on the API', { timeout: 120_000 }, () => {
  let d: Daemon
  const open: ClientRequest[] = []
  before(async () => {
    d = await startTestDaemon({
      universes: [{ name: 'sse', spec: { services: ['auth'], simples: ['elder', 'client'] } }]
    })
  })
  after(async () => {
    for (const r of open) r.destroy()
    await d?.stop()
  })

  const subscribe = async (fn: string): Promise<{ req: ClientRequest; res: IncomingMessage }> =>
    await new Promise((resolve, reject) => {
      const req = request({ host: '127.0.0.1', port: d.apiPort, path: `/stream/function-logs/sse?function=${fn}` })
      req.on('response', res => {
        resolve({ req, res })
      })
      req.on('error', reject)
      req.end()
    })

  test('past MAX_SUBSCRIBERS_PER_STREAM a subscriber gets 429 STREAM_SUBSCRIBERS; /ping still answers', async () => {
    const first = await Promise.all(
      Array.from({ length: MAX_SUBSCRIBERS_PER_STREAM }, async () => await subscribe('f'))
    )
    for (const s of first) {
      open.push(s.req)
      assert.equal(s.res.statusCode, 200)
    }
    const over = await subscribe('f')
    assert.equal(over.res.statusCode, 429)
    const body = await new Promise<string>(r => {
      let t = ''
      over.res.on('data', (c: Buffer) => (t += c.toString()))
      over.res.on('end', () => r(t))
    })
    assert.equal(JSON.parse(body).code, 'STREAM_SUBSCRIBERS')
    assert.equal((await fetch(`http://127.0.0.1:${d.apiPort}/ping`)).status, 200)
    // Another filter is another stream.
    const other = await subscribe('g')
    open.push(other.req)
    assert.equal(other.res.statusCode, 200)
    // One leaves: room for one more, once the API has seen it go.
    first[0]?.req.destroy()
    for (let i = 0; ; i++) {
      const again = await subscribe('f')
      open.push(again.req)
      if (again.res.statusCode === 200) break
      again.req.destroy()
      assert.ok(i < 200, 'no room after a subscriber left')
      await new Promise(r => setTimeout(r, 25))
    }
  })
})
