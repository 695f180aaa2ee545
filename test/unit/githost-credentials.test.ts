/**
 * Authorization header parsing for the git host (src/githost/credentials.ts): HTTP Basic as git sends it, and the
 * token schemes (`token`, `Bearer`, `github`).
 */
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { parseAuthorization, sha256Hex } from '../../src/githost/credentials.js'

const basic = (s: string): string => `Basic ${Buffer.from(s).toString('base64')}`

test('Basic: the password is the secret and the username is kept', () => {
  assert.deepEqual(parseAuthorization(basic('alice:s3cr3t')), { username: 'alice', secret: 's3cr3t' })
  assert.deepEqual(parseAuthorization(basic('alice:a:b')), { username: 'alice', secret: 'a:b' })
})

test('Basic without a colon is a bare secret; an empty secret is no credentials', () => {
  assert.deepEqual(parseAuthorization(basic('justatoken')), { secret: 'justatoken' })
  assert.equal(parseAuthorization(basic('alice:')), undefined)
  assert.equal(parseAuthorization(basic('')), undefined)
})

test('token, Bearer and github schemes carry the secret as is; the scheme is case-insensitive', () => {
  assert.deepEqual(parseAuthorization('token abc'), { secret: 'abc' })
  assert.deepEqual(parseAuthorization('Bearer abc'), { secret: 'abc' })
  assert.deepEqual(parseAuthorization('GITHUB abc'), { secret: 'abc' })
  assert.deepEqual(parseAuthorization('  bearer   abc  '), { secret: 'abc' })
})

test('no header, a header without a value, or an unknown scheme give no credentials', () => {
  assert.equal(parseAuthorization(undefined), undefined)
  assert.equal(parseAuthorization(''), undefined)
  assert.equal(parseAuthorization('Bearer'), undefined)
  assert.equal(parseAuthorization('Digest abc'), undefined)
})

test('sha256Hex is the hex SHA-256 of the UTF-8 text', () => {
  assert.equal(sha256Hex(''), 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855')
  assert.equal(sha256Hex('abc'), 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad')
})
