/**
 * Reading Linux's socket tables: addresses in the machine's byte order, IPv4, IPv6 and IPv4-mapped forms, the
 * uid column; and, on Linux, the uid of a real client socket found for connections arriving at once.
 */
import { test, describe } from 'node:test'
import assert from 'node:assert/strict'
import { existsSync } from 'node:fs'
import { connect, createServer, type Socket } from 'node:net'
import { canonicalAddress, parseProcNetTcp } from '../../src/http/proc-net-tcp.js'
import { PeerUids } from '../../src/http/peer-uids.js'

const HEADER = '  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode\n'

describe('/proc/net/tcp parser', () => {
  test('IPv4, little-endian: 127.0.0.1 is 0100007F; ports are big-endian hex; the uid column', () => {
    const text =
      HEADER +
      '   0: 0100007F:0595 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 134 1 0\n' +
      '   1: 0100007F:A4B5 0200007F:9710 01 00000000:00000000 00:00000000 00000000  1000        0 99 1 0\n'
    const lines = parseProcNetTcp(text, true)
    assert.equal(lines.length, 2)
    assert.deepEqual(lines[0], {
      local: { address: '127.0.0.1', port: 1429 },
      remote: { address: '0.0.0.0', port: 0 },
      uid: 0
    })
    assert.deepEqual(lines[1], {
      local: { address: '127.0.0.1', port: 0xa4b5 },
      remote: { address: '127.0.0.2', port: 0x9710 },
      uid: 1000
    })
  })

  test('IPv4, big-endian: the same address is printed 7F000001', () => {
    const text = `${HEADER}   0: 7F000001:0050 C0A80001:1F90 01 00000000:00000000 00:00000000 00000000 65534 0 7 1 0\n`
    const [l] = parseProcNetTcp(text, false)
    assert.deepEqual(l, {
      local: { address: '127.0.0.1', port: 80 },
      remote: { address: '192.168.0.1', port: 8080 },
      uid: 65534
    })
  })

  test('IPv6: four 32-bit words, each in host order; ::1 and a full address', () => {
    const text =
      HEADER +
      '   0: 00000000000000000000000001000000:1F90 B80D0120000000000000000001000000:0050 01 0:0 0:0 0  1000 0 5 1 0\n'
    const [l] = parseProcNetTcp(text, true)
    assert.deepEqual(l?.local, { address: '::1', port: 8080 })
    assert.deepEqual(l?.remote, { address: '2001:db8::1', port: 80 })
    assert.equal(l?.uid, 1000)
  })

  test('IPv4-mapped IPv6 (a dual-stack socket talking to 127.0.0.1) reads as the IPv4 address', () => {
    const text =
      HEADER +
      '   0: 0000000000000000FFFF00000100007F:D431 0000000000000000FFFF00000100007F:058D 01 0:0 0:0 0 33 0 5 1 0\n'
    const [l] = parseProcNetTcp(text, true)
    assert.deepEqual(l?.local, { address: '127.0.0.1', port: 0xd431 })
    assert.deepEqual(l?.remote, { address: '127.0.0.1', port: 0x058d })
    assert.equal(canonicalAddress('::ffff:127.0.0.1'), '127.0.0.1')
    assert.equal(canonicalAddress('0:0:0:0:0:0:0:1'), '::1')
  })

  test('only the clients of the given server ports, when asked', () => {
    const text =
      HEADER +
      '   0: 0100007F:A4B5 0100007F:0595 01 00000000:00000000 00:00000000 00000000  1000        0 99 1 0\n' +
      '   1: 0100007F:0595 0100007F:A4B5 01 00000000:00000000 00:00000000 00000000     0        0 98 1 0\n'
    assert.deepEqual(
      parseProcNetTcp(text, true, new Set([0x0595])).map(l => l.uid),
      [1000]
    )
  })

  test('lines that are not sockets are skipped', () => {
    assert.deepEqual(parseProcNetTcp(`${HEADER}\n garbage\n   0: zz:0 00:00\n`, true), [])
  })
})

describe('peer uids on this machine', {
  skip: existsSync('/proc/net/tcp') ? false : 'no /proc/net/tcp here (not Linux)'
}, () => {
  test('every one of many connections made at once is found, as this process’s uid', async () => {
    const peers = new PeerUids()
    const accepted: Socket[] = []
    const server = createServer(s => accepted.push(s))
    await new Promise<void>(r => server.listen(0, '127.0.0.1', r))
    const port = (server.address() as { port: number }).port
    const clients = await Promise.all(
      Array.from(
        { length: 40 },
        async () =>
          await new Promise<Socket>(r => {
            const c = connect(port, '127.0.0.1', () => r(c))
          })
      )
    )
    try {
      while (accepted.length < clients.length) await new Promise(r => setImmediate(r))
      const uids = await Promise.all(accepted.map(async s => await peers.uidOf(s)))
      assert.deepEqual(new Set(uids), new Set([process.getuid?.()]))
      // Asked again, the answer comes from the socket, not another read.
      assert.equal(peers.uidOf(accepted[0] as Socket), peers.uidOf(accepted[0] as Socket))
    } finally {
      for (const c of clients) c.destroy()
      await new Promise<void>(r => server.close(() => r()))
    }
  })
})
