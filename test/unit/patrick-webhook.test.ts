/**
 * Webhook signature and body checks (src/services/patrick/webhook.ts), with digests computed here the way a git
 * provider signs: `sha256=<hex HMAC of the raw body>` in X-Hub-Signature-256, `sha1=…` in X-Hub-Signature.
 */
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { createHmac } from 'node:crypto'
import { parsePayload, verifySignature } from '../../src/services/patrick/webhook.js'

const SECRET = 'hook secret'
const body = Buffer.from(JSON.stringify({ ref: 'refs/heads/main', after: 'abc' }))
const sign = (algo: 'sha256' | 'sha1', raw: Buffer, secret = SECRET): string =>
  `${algo}=${createHmac(algo, secret).update(raw).digest('hex')}`

/** The error `fn` throws, as code and HTTP status. */
function failure(fn: () => unknown): { code: unknown; status: unknown } {
  try {
    fn()
  } catch (err) {
    const e = err as { code?: unknown; status?: unknown }
    return { code: e.code, status: e.status }
  }
  assert.fail('expected a throw')
}

test('a correct X-Hub-Signature-256 passes, with or without surrounding spaces', () => {
  verifySignature(body, SECRET, sign('sha256', body), undefined)
  verifySignature(body, SECRET, ` ${sign('sha256', body)} `, undefined)
})

test('X-Hub-Signature-256 is checked first: a wrong one fails even when X-Hub-Signature is right', () => {
  assert.deepEqual(
    failure(() => {
      verifySignature(body, SECRET, sign('sha256', body, 'other'), sign('sha1', body))
    }),
    { code: 'WEBHOOK_BAD_SIGNATURE', status: 401 }
  )
})

test('a signature of another body fails', () => {
  const other = Buffer.from('{}')
  assert.deepEqual(
    failure(() => {
      verifySignature(body, SECRET, sign('sha256', other), undefined)
    }),
    { code: 'WEBHOOK_BAD_SIGNATURE', status: 401 }
  )
  assert.deepEqual(
    failure(() => {
      verifySignature(body, SECRET, 'sha256=00', undefined)
    }),
    { code: 'WEBHOOK_BAD_SIGNATURE', status: 401 }
  )
})

test('without X-Hub-Signature-256 (or with an empty one) X-Hub-Signature (SHA-1) is used', () => {
  verifySignature(body, SECRET, undefined, sign('sha1', body))
  verifySignature(body, SECRET, 'sha256=', sign('sha1', body))
  verifySignature(body, SECRET, '  ', sign('sha1', body))
  assert.deepEqual(
    failure(() => {
      verifySignature(body, SECRET, undefined, sign('sha1', body, 'other'))
    }),
    { code: 'WEBHOOK_BAD_SIGNATURE', status: 401 }
  )
})

test('no signature header at all is WEBHOOK_UNSIGNED', () => {
  assert.deepEqual(
    failure(() => {
      verifySignature(body, SECRET, undefined, undefined)
    }),
    { code: 'WEBHOOK_UNSIGNED', status: 401 }
  )
  assert.deepEqual(
    failure(() => {
      verifySignature(body, SECRET, '', '')
    }),
    { code: 'WEBHOOK_UNSIGNED', status: 401 }
  )
})

test('parsePayload parses JSON and rejects anything else with WEBHOOK_BAD_JSON', () => {
  assert.deepEqual(parsePayload(body), { ref: 'refs/heads/main', after: 'abc' })
  assert.deepEqual(
    failure(() => parsePayload(Buffer.from('ref=main'))),
    { code: 'WEBHOOK_BAD_JSON', status: 400 }
  )
})
