/**
 * The error catalogue (src/shared/errors.ts): an error's status comes from its code, once; a code received over
 * the wire is trusted only when the catalogue has it.
 */
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { DreamError, ERRORS, receivedCode } from '../../src/shared/errors.js'

test('an error answers with the status its code has in the table', () => {
  assert.equal(new DreamError('DATABASE_BAD_REQUEST', 'bad').status, 400)
  assert.equal(new DreamError('DOMAIN_FQDN', 'not a host name').status, 400)
  assert.equal(new DreamError('DOMAIN_NO_FQDN', 'no fqdn').status, 409)
  assert.equal(new DreamError('SERVICE_NOT_RUNNING', 'none').status, 503)
  assert.equal(new DreamError('BUILD_ABORTED', 'build aborted').status, 499)
})

test('every status in the table is an HTTP error status', () => {
  for (const [code, { status }] of Object.entries(ERRORS)) {
    assert.ok(Number.isInteger(status) && status >= 400 && status <= 599, `${code}: ${status}`)
  }
})

test('a received code outside the table becomes the fallback', () => {
  assert.equal(receivedCode('PROJECT_NOT_FOUND', 'REMOTE_ERROR'), 'PROJECT_NOT_FOUND')
  assert.equal(receivedCode('MADE_UP_CODE', 'REMOTE_ERROR'), 'REMOTE_ERROR')
  assert.equal(receivedCode('constructor', 'API_ERROR'), 'API_ERROR')
  assert.equal(receivedCode(42, 'API_ERROR'), 'API_ERROR')
})
