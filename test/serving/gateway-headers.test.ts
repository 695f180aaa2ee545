/**
 * The gateway's proxy routes on their own, in front of a plain HTTP server that plays the substrate and echoes
 * what reached it: hop-by-hop headers (and those the Connection header names) are dropped in both directions,
 * Host and the end-to-end headers pass unchanged, and the answer names the node that served it.
 */
import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { FastifyInstance } from 'fastify'
import { createHttpServer, listen } from '../../src/http/server.js'
import { proxyRoutes } from '../../src/services/gateway/routes.js'
import { hostRequest } from '../helpers/serving.js'

let upstream: Server
let gateway: FastifyInstance
let port = 0

before(async () => {
  upstream = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (b: Buffer) => chunks.push(b))
    req.on('end', () => {
      res.setHeader('content-type', 'application/json')
      res.setHeader('x-end-to-end', 'kept')
      res.setHeader('proxy-authenticate', 'Basic realm="upstream"')
      res.setHeader('x-upstream-private', 'dropped')
      res.setHeader('connection', 'x-upstream-private')
      res.end(JSON.stringify({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8') }))
    })
  })
  await new Promise<void>(resolve => upstream.listen(0, '127.0.0.1', resolve))
  const upstreamPort = (upstream.address() as AddressInfo).port
  gateway = createHttpServer()
  proxyRoutes(gateway, () => ({
    role: 'substrate',
    kind: 'service',
    peerId: 'upstream-peer',
    addrs: [],
    ports: { http: upstreamPort }
  }))
  port = await listen(gateway, 0)
})
after(async () => {
  await gateway?.close()
  await new Promise(resolve => upstream?.close(resolve))
})

test('hop-by-hop request headers are dropped; Host, body and end-to-end headers pass', async () => {
  const r = await hostRequest(port, 'fn.example.localtau', '/echo?q=1', {
    method: 'POST',
    body: 'payload',
    headers: {
      connection: 'close, x-client-private',
      'x-client-private': 'secret',
      'keep-alive': 'timeout=5',
      'proxy-authorization': 'Basic eDp5',
      upgrade: 'websocket',
      'x-end-to-end': 'yes'
    }
  })
  assert.equal(r.status, 200, r.body)
  const seen = JSON.parse(r.body) as { headers: Record<string, string>; body: string }
  assert.equal(seen.headers.host, 'fn.example.localtau')
  assert.equal(seen.headers['x-end-to-end'], 'yes')
  assert.equal(seen.body, 'payload')
  for (const h of ['x-client-private', 'keep-alive', 'proxy-authorization', 'upgrade'])
    assert.equal(seen.headers[h], undefined, h)
})

test('hop-by-hop response headers are dropped; the answer names the substrate', async () => {
  const r = await hostRequest(port, 'fn.example.localtau', '/')
  assert.equal(r.status, 200, r.body)
  assert.equal(r.headers['x-end-to-end'], 'kept')
  assert.equal(r.headers['x-substrate-peer'], 'upstream-peer')
  assert.equal(r.headers['proxy-authenticate'], undefined)
  assert.equal(r.headers['x-upstream-private'], undefined)
})
