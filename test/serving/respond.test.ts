/**
 * How substrate frames a response on the raw node:http response (src/services/substrate/serving/respond.ts), checked
 * through a real node:http server and client: bytes arrive unchanged whether the body goes out with the head
 * or apart, the length is the substrate's, a header node refuses becomes a 500 naming the function, and a
 * response with no Content-Type gets the sniffed one.
 */
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { createServer, request, type IncomingHttpHeaders, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { sendFunctionResponse, sendText } from '../../src/services/substrate/serving/respond.js'

type Answer = (res: ServerResponse) => void
let server: Server
let next: Answer = res => {
  res.end()
}

before(async () => {
  server = createServer((_req, res) => {
    next(res)
  })
  await new Promise<void>(resolve => {
    server.listen(0, '127.0.0.1', resolve)
  })
})
after(async () => {
  await new Promise(resolve => server.close(resolve))
})

async function fetchWith(
  answer: Answer,
  method = 'GET'
): Promise<{ status: number; headers: IncomingHttpHeaders; body: Buffer }> {
  next = answer
  const { port } = server.address() as AddressInfo
  return await new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, method, path: '/' }, res => {
      const chunks: Buffer[] = []
      res.on('data', (c: Buffer) => chunks.push(c))
      res.on('end', () => {
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) })
      })
    })
    req.on('error', reject)
    req.end()
  })
}

const HEAD = ['x-dream-node', 'peer', 'x-dream-commit', 'abc']
const fn = (
  status: number,
  body: Uint8Array,
  headers: Array<[string, string]> = []
): { status: number; headers: Array<[string, string]>; body: Uint8Array } => ({ status, headers, body })

test('a small body with every byte value arrives unchanged, with its length and the provenance headers', async () => {
  const body = Uint8Array.from({ length: 256 }, (_, i) => i)
  const r = await fetchWith(res => {
    sendFunctionResponse(res, 'f', fn(201, body, [['X-Mine', 'yes']]), HEAD)
  })
  assert.equal(r.status, 201)
  assert.deepEqual(new Uint8Array(r.body), body)
  assert.equal(r.headers['content-length'], '256')
  assert.equal(r.headers['x-dream-node'], 'peer')
  assert.equal(r.headers['x-dream-commit'], 'abc')
  assert.equal(r.headers['x-mine'], 'yes')
  assert.equal(r.headers['content-type'], 'application/octet-stream')
})

test('UTF-8 text and a body larger than one write arrive unchanged', async () => {
  for (const text of ['héllo wörld 🌍 — ok', `${'x'.repeat(100_000)}🌍`]) {
    const body = new TextEncoder().encode(text)
    const r = await fetchWith(res => {
      sendFunctionResponse(res, 'f', fn(200, body), HEAD)
    })
    assert.equal(r.body.toString('utf8'), text)
    assert.equal(r.headers['content-length'], String(body.length))
    assert.equal(r.headers['content-type'], 'text/plain; charset=utf-8')
  }
})

test("the function's own Content-Type is kept; its framing headers are not used", async () => {
  const body = new TextEncoder().encode('{"a":1}')
  const r = await fetchWith(res => {
    sendFunctionResponse(
      res,
      'f',
      fn(200, body, [
        ['Content-Type', 'application/json'],
        ['Content-Length', '999'],
        ['Transfer-Encoding', 'chunked']
      ]),
      HEAD
    )
  })
  assert.equal(r.headers['content-type'], 'application/json')
  assert.equal(r.headers['content-length'], String(body.length))
  assert.equal(r.headers['transfer-encoding'], undefined)
  assert.equal(r.body.toString(), '{"a":1}')
})

test('a header node:http refuses gives a 500 that names the function, with provenance', async () => {
  const r = await fetchWith(res => {
    sendFunctionResponse(res, 'bad_fn', fn(200, new Uint8Array([1]), [['X-Bad', 'a\r\nInjected: 1']]), HEAD)
  })
  assert.equal(r.status, 500)
  assert.match(r.body.toString(), /function bad_fn answered with a header/)
  assert.equal(r.headers.injected, undefined)
  assert.equal(r.headers['x-dream-node'], 'peer')
})

test('204 goes out without a body or a length; HEAD gets the length of the body it does not get', async () => {
  const empty = await fetchWith(res => {
    sendFunctionResponse(res, 'f', fn(204, new Uint8Array(0)), HEAD)
  })
  assert.equal(empty.status, 204)
  assert.equal(empty.headers['content-length'], undefined)
  assert.equal(empty.body.length, 0)
  const head = await fetchWith(res => {
    sendFunctionResponse(res, 'f', fn(200, new TextEncoder().encode('PONG')), HEAD)
  }, 'HEAD')
  assert.equal(head.headers['content-length'], '4')
  assert.equal(head.body.length, 0)
})

test("the substrate's own messages are plain UTF-8 text after the given headers", async () => {
  const r = await fetchWith(res => {
    sendText(res, 404, ['x-dream-node', 'peer'], 'no function serves GET http://ü.localtau/\n')
  })
  assert.equal(r.status, 404)
  assert.equal(r.headers['content-type'], 'text/plain; charset=utf-8')
  assert.equal(r.headers['x-dream-node'], 'peer')
  assert.equal(r.body.toString(), 'no function serves GET http://ü.localtau/\n')
})
