/**
 * The dns and globals host functions against a guest memory (src/vm/host-dns.ts, src/vm/host-globals.ts): what a
 * size call asks the node, the answer its read call writes (NUL-terminated lists, a plain CNAME, the value), and
 * go-sdk's errno results for an unknown resolver, a read without its size call, a failed lookup or a missing
 * global value. Real nodes: test/serving/go-sdk-extras.test.ts.
 */
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { Errno } from '../../src/vm/errno.js'
import { encode, GuestMemory } from '../../src/vm/guest-memory.js'
import type { HostCall } from '../../src/vm/host-modules.js'
import { DnsResolvers } from '../../src/vm/host-dns.js'
import { GlobalValues } from '../../src/vm/host-globals.js'
import { wasm } from '../../src/vm/webassembly.js'

function memory() {
  const mem = new GuestMemory()
  mem.memory = new wasm.Memory({ initial: 1 })
  const put = (at: number, s: string): number => {
    mem.write(at, encode(s))
    return encode(s).length
  }
  const u32 = (at: number): number => new DataView(mem.bytes(at, 4).slice().buffer).getUint32(0, true)
  return { mem, put, u32 }
}

test('dns: a rerouted resolver asks its server, the read writes the records; wrong use gets the SDK errors', () => {
  const { mem, put, u32 } = memory()
  const calls: HostCall[] = []
  const f = new DnsResolvers().imports({ mem, logs: [], remainingMs: () => 5000 }, c => {
    calls.push(c)
    if (c.op !== 'dnsLookup' || c.name === 'missing.example') return { ok: false, log: 'NXDOMAIN' }
    return { ok: true, keys: c.kind === 'cname' ? ['alias.example'] : ['one', 'two'] }
  })
  assert.equal(f.dnsNewResolver?.(0), Errno.None)
  const id = u32(0)
  assert.equal(f.dnsRerouteResolver?.(id, 100, put(100, '127.0.0.1:5353'), 150, put(150, 'udp')), Errno.None)
  const name = put(200, 'host.example')
  assert.equal(f.dnsLookupTxTSize?.(id, 200, name, 4), Errno.None)
  assert.deepEqual(calls.at(-1), {
    op: 'dnsLookup',
    kind: 'txt',
    name: 'host.example',
    server: '127.0.0.1:5353',
    timeoutMs: 5000
  })
  assert.equal(f.dnsLookupTxT?.(id, 200, name, 300), Errno.None)
  assert.equal(mem.string(300, u32(4)), 'one\0two\0')
  assert.equal(f.dnsResetResolver?.(id), Errno.None)
  assert.equal(f.dnsLookupCNAMESize?.(id, 200, name, 4), Errno.None)
  assert.equal((calls.at(-1) as { server?: string }).server, undefined, 'reset: the node resolver again')
  assert.equal(f.dnsLookupCNAME?.(id, 200, name, 300), Errno.None)
  assert.equal(mem.string(300, u32(4)), 'alias.example')
  assert.equal(f.dnsLookupMX?.(id, 200, name, 300), Errno.FailedTxTLookup, 'a read without its size call')
  const missing = put(400, 'missing.example')
  assert.equal(f.dnsLookupMXSize?.(id, 400, missing, 4), Errno.FailedMXLookup)
  assert.equal(f.dnsLookupAddressSize?.(id, 400, missing, 4), Errno.FailedAddressLookup)
  assert.equal(f.dnsLookupTxTSize?.(7, 200, name, 4), Errno.ResolverNotFound)
  assert.equal(f.dnsLookupTxTSize?.(id, 200, name, 70_000), Errno.AddressOutOfMemory)
})

test('globals: a size call fetches once for the read; scopes travel; a missing value is DatabaseKeyNotFound', () => {
  const { mem, put, u32 } = memory()
  const calls: HostCall[] = []
  const values = new Map<string, Uint8Array>([['false/true/n', encode('mine')]])
  const f = new GlobalValues().imports({ mem, logs: [] }, c => {
    calls.push(c)
    if (c.op === 'globalPut') return { ok: true }
    if (c.op !== 'globalGet') return { ok: false, log: '' }
    const v = values.get(`${c.application}/${c.function}/${c.name}`)
    if (v !== undefined) return { ok: true, data: v }
    return c.create ? { ok: true, data: new Uint8Array(0) } : { ok: false, errno: Errno.DatabaseKeyNotFound, log: '' }
  })
  const n = put(0, 'n')
  assert.equal(f.getGlobalValueSize?.(0, n, 0, 1, 100), Errno.None)
  assert.equal(u32(100), 4)
  assert.equal(f.getGlobalValue?.(0, n, 0, 1, 200), Errno.None)
  assert.equal(mem.string(200, 4), 'mine')
  assert.equal(calls.length, 1, 'the read used what the size call fetched')
  assert.equal(f.getGlobalValueSize?.(0, n, 1, 0, 100), Errno.DatabaseKeyNotFound)
  assert.equal(f.getOrCreateGlobalValueSize?.(0, n, 1, 0, 100), Errno.None)
  assert.equal(u32(100), 0)
  put(300, 'value')
  assert.equal(f.putGlobalValue?.(0, n, 1, 1, 300, 5, 8), Errno.None)
  assert.deepEqual(calls.at(-1), {
    op: 'globalPut',
    name: 'n',
    application: true,
    function: true,
    data: encode('value')
  })
  assert.equal(f.getGlobalValue?.(0, n, 1, 1, 200), Errno.DatabaseGetFailed, 'no such value, fetched by the read')
})
