/**
 * seer DNS: authoritative answers over UDP and TCP on seer's `dns` port (dns2 client):
 * A for generated and registered domains, A and TXT (p2p multiaddrs) for `<service>.tau.<universe>.localtau`
 * while such a node lives, NXDOMAIN for everything else and once the service's nodes are gone.
 */
import { describe, test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { execFile } from 'node:child_process'
import type { FunctionView } from '../../src/console/console.js'
import type { Universe } from '../../src/index.js'
import { startUniverse, waitFor } from '../helpers/universe.js'
import { consoleFor, dnsPort, dnsQuery, nodeOf, pushAllAndWait, txtStrings, type DnsReply } from '../helpers/serving.js'

const NOERROR = 0
const NXDOMAIN = 3
const TYPE_A = 1
const TYPE_TXT = 16
const TRANSPORTS = ['udp', 'tcp'] as const

/** `dig` when the machine has it (not required). */
async function dig(args: string[]): Promise<string | undefined> {
  return await new Promise(resolve => {
    execFile('dig', args, { timeout: 20_000 }, (err, stdout) => {
      resolve(err !== null ? undefined : stdout)
    })
  })
}

describe('seer answers DNS for the universe', { timeout: 600_000 }, () => {
  let u: Universe
  let port: number
  let fn: FunctionView
  const custom = 'hello.dream-test.example'

  before(async () => {
    u = await startUniverse({ webhooks: false })
    const { console: c } = await consoleFor(u)
    await c.newProject('dns')
    fn = await c.newFunction('ping_pong', { project: 'dns', template: 'ping_pong', language: 'assemblyscript' })
    await c.newDomain('custom', { project: 'dns', fqdn: custom })
    await pushAllAndWait(u)
    port = dnsPort(u)
  })
  after(async () => {
    await u?.stop()
  })

  const assertA = (r: DnsReply, what: string): void => {
    assert.equal(r.header.rcode, NOERROR, what)
    assert.equal(r.header.aa, 1, `${what}: authoritative`)
    assert.deepEqual(
      r.answers.map(a => [a.type, a.address]),
      [[TYPE_A, '127.0.0.1']],
      what
    )
  }
  const assertNx = (r: DnsReply, what: string): void => {
    assert.equal(r.header.rcode, NXDOMAIN, what)
    assert.equal(r.header.aa, 1, `${what}: authoritative`)
    assert.equal(r.answers.length, 0, what)
  }

  test('A for the generated fqdn → 127.0.0.1, authoritative, over UDP and TCP', async () => {
    for (const t of TRANSPORTS) {
      assertA(await dnsQuery(port, fn.fqdn, 'A', t), `${t} ${fn.fqdn}`)
      // Names are compared ignoring case, with or without the final dot.
      assertA(await dnsQuery(port, fn.fqdn.toUpperCase(), 'A', t), `${t} upper case`)
      assertA(await dnsQuery(port, `${fn.fqdn}.`, 'A', t), `${t} final dot`)
    }
  })

  test('A for a registered (non-generated) domain → 127.0.0.1', async () => {
    for (const t of TRANSPORTS) assertA(await dnsQuery(port, custom, 'A', t), `${t} ${custom}`)
  })

  test("A and TXT for substrate.tau.<universe>.localtau: 127.0.0.1 and the node's multiaddrs", async () => {
    const name = `substrate.tau.${u.name}.localtau`
    const node = nodeOf(u, 'substrate')
    const addrs = node.addrs.map(a => a.toString())
    assert.ok(addrs.length > 0)
    for (const t of TRANSPORTS) {
      assertA(await dnsQuery(port, name, 'A', t), `${t} A ${name}`)
      const txt = await dnsQuery(port, name, 'TXT', t)
      assert.equal(txt.header.rcode, NOERROR)
      assert.equal(txt.header.aa, 1)
      assert.ok(txt.answers.every(a => a.type === TYPE_TXT))
      const strings = txtStrings(txt)
      for (const a of addrs) assert.ok(strings.includes(a), `${t} TXT has ${a}: ${JSON.stringify(strings)}`)
      assert.ok(
        strings.every(s => s.startsWith('/ip4/127.0.0.1/tcp/') && s.endsWith(`/p2p/${node.peerId}`)),
        JSON.stringify(strings)
      )
    }
  })

  test('every running service answers under tau.<universe>.localtau', async () => {
    for (const svc of ['auth', 'patrick', 'monkey', 'tns', 'hoarder', 'seer']) {
      const r = await dnsQuery(port, `${svc}.tau.${u.name}.localtau`, 'TXT', 'udp')
      assert.equal(r.header.rcode, NOERROR, svc)
      const node = nodeOf(u, svc)
      assert.ok(
        txtStrings(r).some(s => s.endsWith(`/p2p/${node.peerId}`)),
        `${svc}: ${JSON.stringify(txtStrings(r))}`
      )
    }
  })

  test('NXDOMAIN for unknown names, authoritative, over UDP and TCP', async () => {
    const names = [
      'nothing-here.example',
      `nope.${u.name}.localtau`,
      `gateway.tau.${u.name}.localtau`, // a service with no node running
      `unicorn.tau.${u.name}.localtau`, // not a service
      `substrate.tau.other-universe.localtau`
    ]
    for (const t of TRANSPORTS) {
      for (const n of names) {
        assertNx(await dnsQuery(port, n, 'A', t), `${t} A ${n}`)
        assertNx(await dnsQuery(port, n, 'TXT', t), `${t} TXT ${n}`)
      }
    }
  })

  test('dig, when installed, gets the same answers', async t => {
    const short = await dig(['@127.0.0.1', '-p', String(port), fn.fqdn, 'A', '+short', '+time=5', '+tries=2'])
    if (short === undefined) {
      t.skip('dig is not installed')
      return
    }
    assert.equal(short.trim(), '127.0.0.1')
    const tcp = await dig(['@127.0.0.1', '-p', String(port), '+tcp', fn.fqdn, 'A', '+short', '+time=5', '+tries=2'])
    assert.equal(tcp?.trim(), '127.0.0.1')
    const nx = await dig(['@127.0.0.1', '-p', String(port), 'nothing-here.example', 'A', '+time=5', '+tries=2'])
    assert.match(nx ?? '', /status: NXDOMAIN/)
    assert.match(nx ?? '', /flags:[^;]*\baa\b/)
  })

  test('NXDOMAIN for substrate.tau once its nodes are all killed', async () => {
    const name = `substrate.tau.${u.name}.localtau`
    await u.addService('substrate')
    assert.equal(u.directory.byRole('substrate').length, 2)
    const two = txtStrings(await dnsQuery(port, name, 'TXT', 'udp'))
    for (const n of u.directory.byRole('substrate'))
      assert.ok(
        two.some(s => s.endsWith(`/p2p/${n.peerId}`)),
        'both copies listed'
      )
    await u.kill('substrate')
    assertA(await dnsQuery(port, name, 'A', 'udp'), 'one copy left')
    await u.kill('substrate')
    await waitFor(
      'substrate.tau to be NXDOMAIN',
      async () => (await dnsQuery(port, name, 'A', 'udp')).header.rcode === NXDOMAIN
    )
    for (const t of TRANSPORTS) {
      assertNx(await dnsQuery(port, name, 'A', t), `${t} A`)
      assertNx(await dnsQuery(port, name, 'TXT', t), `${t} TXT`)
    }
    // The domain is still registered, but no node serves HTTP: no address to give.
    const r = await dnsQuery(port, fn.fqdn, 'A', 'udp')
    assert.equal(r.header.rcode, NOERROR)
    assert.equal(r.answers.length, 0)
  })
})
