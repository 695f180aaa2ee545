import { test } from 'node:test'
import assert from 'node:assert/strict'
import { CID } from 'multiformats/cid'
import { assetKey, deterministicId, generateId, jobId } from '../../src/shared/ids.js'

test('deterministicId is the base58 sha2-256 multihash (CIDv0)', () => {
  // sha256("") multihash, a well-known CIDv0-shaped value.
  assert.equal(deterministicId(''), 'QmdfTbBqBPQ7VNxZEYEj14VmRuZBkqFbiwReogJgS1zR1n')
  const id = deterministicId('hello')
  assert.equal(id, deterministicId('hello'))
  assert.equal(id.length, 46)
  assert.ok(id.startsWith('Qm'))
  assert.equal(CID.parse(id).version, 0)
})

test('generateId is random, 46 chars, a valid CIDv0', () => {
  const a = generateId('project', 'x')
  const b = generateId('project', 'x')
  assert.notEqual(a, b)
  assert.equal(a.length, 46)
  assert.equal(CID.parse(a).toV0().toString(), a)
})

test('assetKey and jobId are deterministic hashes of their inputs', () => {
  assert.equal(assetKey('P', 'F', 'main'), deterministicId('PFmain'))
  assert.equal(
    jobId(42, 'refs/heads/main', 'abc', 1700000000),
    deterministicId('v1:github:42:refs/heads/main:abc:1700000000')
  )
})
