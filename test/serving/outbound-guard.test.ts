/**
 * The substrate's outbound HTTP and rerouted resolvers against real sockets on this machine
 * (src/services/substrate/host/outbound-http.ts, dns-lookups.ts): a server on loopback is reached by no spelling of
 * this machine (IPv4-mapped in dotted and hex forms, the unspecified address, a name, a number), not through a
 * redirect from a server the owner allowed, and not through `allowOutbound` when its port is one of dream's own;
 * a Host header the function sets is not sent; a resolver on this machine is refused but for the universe's own.
 * The address decision itself: test/unit/address-guard.test.ts.
 */
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { FunctionDns } from '../../src/services/substrate/host/dns-lookups.js'
import { OutboundHttp } from '../../src/services/substrate/host/outbound-http.js'
import type { HostReply, OutboundRequest } from '../../src/vm/host-calls.js'

/** A server on 127.0.0.1 that counts the connections it was opened and answers with the Host it was sent. */
async function listen(answer: (req: IncomingMessage, res: ServerResponse) => void) {
  const server = createServer(answer)
  let connections = 0
  server.on('connection', () => {
    connections++
  })
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
  return { server, port: (server.address() as AddressInfo).port, connections: () => connections }
}

let target: Awaited<ReturnType<typeof listen>>
let allowed: Awaited<ReturnType<typeof listen>>
const servers: Server[] = []

before(async () => {
  target = await listen((_req, res) => res.end('reached'))
  allowed = await listen((req, res) => {
    if (req.url?.startsWith('/to/') === true) res.writeHead(302, { location: decodeURIComponent(req.url.slice(4)) })
    res.end(`host=${req.headers.host ?? ''}`)
  })
  servers.push(target.server, allowed.server)
})

after(async () => {
  await Promise.all(servers.map(s => new Promise(resolve => s.close(resolve))))
})

const get = (url: string, headers: Array<[string, string]> = []): OutboundRequest => ({
  method: 'GET',
  url,
  headers,
  body: new Uint8Array(0),
  timeoutMs: 5_000
})
const refusedLog = (r: HostReply): string => (r.ok ? 'answered' : r.log)

test('no spelling of this machine reaches a server on loopback, and the server sees no connection', async () => {
  const http = new OutboundHttp(() => new Set([target.port]), [])
  const p = target.port
  const urls = [
    `http://127.0.0.1:${p}/`,
    `http://[::ffff:127.0.0.1]:${p}/console/blackhole`,
    `http://[::ffff:7f00:1]:${p}/`,
    `http://[::ffff:0:0]:${p}/`,
    `http://[::7f00:1]:${p}/`,
    `http://[::1]:${p}/`,
    `http://0.0.0.0:${p}/`,
    `http://0:${p}/`,
    `http://2130706433:${p}/`,
    `http://0x7f.1:${p}/`,
    `http://localhost:${p}/`,
    `http://169.254.169.254/latest/meta-data/`
  ]
  for (const url of urls) {
    const r = await http.answer({ op: 'httpDo', request: get(url) })
    assert.equal(r.ok, false, url)
    assert.match(refusedLog(r), /^refused GET /, url)
  }
  assert.equal(target.connections(), 0, 'the server on loopback was never connected to')
})

test('an allowed destination is reached, with the Host of its URL whatever Host header the function sets', async () => {
  const http = new OutboundHttp(() => new Set(), [`127.0.0.1:${allowed.port}`])
  const r = await http.answer({
    op: 'httpDo',
    request: get(`http://[::ffff:7f00:1]:${allowed.port}/`, [['Host', `127.0.0.1:${target.port}`]])
  })
  assert.ok(r.ok, refusedLog(r))
  assert.equal(new TextDecoder().decode(r.ok ? r.response?.body : undefined), `host=[::ffff:7f00:1]:${allowed.port}`)
})

test('a redirect from an allowed server to another port of this machine is refused before connecting', async () => {
  const http = new OutboundHttp(() => new Set(), [`127.0.0.1:${allowed.port}`])
  for (const to of [`http://[::ffff:127.0.0.1]:${target.port}/`, `http://localhost:${target.port}/`]) {
    const r = await http.answer({
      op: 'httpDo',
      request: get(`http://127.0.0.1:${allowed.port}/to/${encodeURIComponent(to)}`)
    })
    assert.equal(r.ok, false, to)
    assert.match(refusedLog(r), /^refused GET .* is a loopback address/, to)
  }
  assert.equal(target.connections(), 0)
})

test("allowOutbound never opens one of dream's own ports", async () => {
  const http = new OutboundHttp(() => new Set([target.port]), [`127.0.0.1:${target.port}`])
  const r = await http.answer({ op: 'httpDo', request: get(`http://127.0.0.1:${target.port}/`) })
  assert.match(refusedLog(r), new RegExp(`port ${target.port} of this machine is one of dream's own`))
  assert.equal(target.connections(), 0)
})

test("a rerouted resolver on this machine is refused in every spelling, but for the universe's DNS", async () => {
  const universeDns = target.port
  const dns = new FunctionDns(() => universeDns)
  const lookup = async (server: string) =>
    await dns.answer({ op: 'dnsLookup', kind: 'txt', name: 'example.com', server, timeoutMs: 1_000 })
  for (const server of ['127.0.0.1:53', '[::ffff:127.0.0.1]:53', '::ffff:7f00:1', '[::]:53', '169.254.169.254']) {
    const r = await lookup(server)
    assert.match(refusedLog(r), /^refused resolver /, server)
  }
  // The universe's own DNS server is asked (nothing answers DNS on that port here, so the lookup fails).
  const own = await lookup(`127.0.0.1:${universeDns}`)
  assert.equal(own.ok, false)
  assert.doesNotMatch(refusedLog(own), /^refused/)
})
