/**
 * Authorization header parsing, the one parser of the git host and the services (src/shared/authorization.ts):
 * HTTP Basic as git sends it, and the token schemes (`token`, `Bearer`, `github`, `oauth`); and the deploy-key
 * hash of src/githost/credentials.ts.
 */
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { sha256Hex } from '../../src/githost/credentials.js'
import { parseAuthorization, requireToken } from '../../src/shared/authorization.js'

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

test('token, Bearer, github and oauth schemes carry the secret as is; the scheme is case-insensitive', () => {
  assert.deepEqual(parseAuthorization('token abc'), { secret: 'abc' })
  assert.deepEqual(parseAuthorization('oauth abc'), { secret: 'abc' })
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

test('requireToken gives the secret, or a 401 AUTH_MISSING that says what to send', () => {
  assert.equal(requireToken('github abc'), 'abc')
  assert.throws(
    () => requireToken(undefined),
    (e: { code?: string; status?: number }) => e.code === 'AUTH_MISSING' && e.status === 401
  )
  assert.throws(
    () => requireToken('Digest abc'),
    (e: { code?: string }) => e.code === 'AUTH_MISSING'
  )
})

test('sha256Hex is the hex SHA-256 of the UTF-8 text', () => {
  assert.equal(sha256Hex(''), 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855')
  assert.equal(sha256Hex('abc'), 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad')
})
