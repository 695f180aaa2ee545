/**
 * The address decision user code's outbound requests and rerouted resolvers go through
 * (src/shared/address-guard.ts): this machine in every spelling (dotted, IPv4-mapped in dotted and hex forms,
 * IPv4-compatible, unspecified, an interface's own address), link-local with the cloud metadata address, private
 * networks and the IPv6 forms that embed an IPv4 address (NAT64, 6to4, Teredo) are refused; public addresses of
 * both families pass. `allowOutbound` entries parse to the same key whatever their spelling; a bad one is refused.
 * With real sockets: test/vm/outbound-guard.test.ts; on real nodes: test/serving/http-client.test.ts.
 */
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { networkInterfaces } from 'node:os'
import { deniedAddress, destination, isLoopback, parseDestination } from '../../src/shared/address-guard.js'
import { DreamError } from '../../src/shared/errors.js'

const REFUSED: Record<string, string[]> = {
  loopback: ['127.0.0.1', '127.1.2.3', '::1', '::ffff:127.0.0.1', '::ffff:7f00:1', '0:0:0:0:0:ffff:7f00:0001'],
  unspecified: ['0.0.0.0', '0.1.2.3', '::', '::ffff:0:0', '::ffff:0.0.0.0'],
  'IPv4-compatible': ['::7f00:1', '::127.0.0.1', '::8.8.8.8', '::808:808'],
  'link-local': ['169.254.169.254', '169.254.0.1', 'fe80::1', '::ffff:169.254.169.254', '::ffff:a9fe:a9fe'],
  private: ['10.0.0.1', '172.16.5.4', '192.168.1.1', 'fc00::1', 'fd12:3456::1', '::ffff:10.0.0.1', '100.64.0.1'],
  'NAT64 (embeds IPv4)': ['64:ff9b::7f00:1', '64:ff9b::8.8.8.8'],
  '6to4 (embeds IPv4)': ['2002:7f00:1::', '2002:808:808::1'],
  'Teredo (embeds IPv4)': ['2001:0:4136:e378:8000:63bf:3fff:fdd2', '2001::1'],
  'multicast, broadcast, reserved': ['224.0.0.1', 'ff02::1', '255.255.255.255', '240.0.0.1', '2001:db8::1'],
  'not an address': ['localhost', '', '127.0.0.1:80', '[::1]']
}

for (const [kind, addresses] of Object.entries(REFUSED)) {
  test(`${kind} addresses are refused`, () => {
    for (const a of addresses) assert.notEqual(deniedAddress(a), undefined, a)
  })
}

test("this machine's interface addresses are refused, whatever their range", () => {
  const own = Object.values(networkInterfaces())
    .flatMap(list => list ?? [])
    .map(i => i.address)
  assert.ok(own.length > 0, 'the machine has interfaces')
  for (const a of own) assert.notEqual(deniedAddress(a), undefined, a)
})

test('public addresses of both families are allowed, IPv4-mapped ones too', () => {
  for (const a of ['8.8.8.8', '1.1.1.1', '93.184.216.34', '::ffff:8.8.8.8', '::ffff:808:808', '2606:4700::1111'])
    assert.equal(deniedAddress(a), undefined, a)
})

test('loopback is recognised in every spelling, and nothing else is', () => {
  for (const a of ['127.0.0.1', '127.9.9.9', '::1', '::ffff:127.0.0.1', '::ffff:7f00:1']) assert.ok(isLoopback(a), a)
  for (const a of ['0.0.0.0', '::', '10.0.0.1', '8.8.8.8', 'localhost']) assert.ok(!isLoopback(a), a)
})

test('an allowed destination matches the address in any spelling, at its port only', () => {
  const allowed = parseDestination('127.0.0.1:8080')
  assert.equal(destination('::ffff:7f00:1', 8080), allowed)
  assert.equal(destination('127.0.0.1', 8080), allowed)
  assert.notEqual(destination('127.0.0.1', 8081), allowed)
  assert.notEqual(destination('127.0.0.2', 8080), allowed)
  assert.equal(parseDestination('[::1]:8080'), destination('0:0:0:0:0:0:0:1', 8080))
  for (const bad of ['127.0.0.1', 'localhost:80', '127.0.0.1:0', '127.0.0.1:70000', '[::1]', ':80']) {
    assert.throws(
      () => parseDestination(bad),
      (e: unknown) => e instanceof DreamError && e.code === 'ALLOW_OUTBOUND',
      bad
    )
  }
})
