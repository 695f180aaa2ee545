/**
 * Webhook signature and body checks (src/services/patrick/webhook.ts), with digests computed here the way a git
 * provider signs: `sha256=<hex HMAC of the raw body>` in X-Hub-Signature-256, `sha1=…` in X-Hub-Signature.
 */
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { createHmac } from 'node:crypto'
import { MAX_WEBHOOK_BODY, parsePayload, readWebhookBody, verifySignature } from '../../src/services/patrick/webhook.js'

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

/** `count` chunks of `size` bytes; `pulled.n` says how many the reader asked for. */
function chunks(count: number, size: number, pulled = { n: 0 }): AsyncIterable<Buffer> {
  const chunk = Buffer.alloc(size, 0x61)
  return (async function* () {
    for (let i = 0; i < count; i++) {
      pulled.n++
      yield chunk
    }
  })()
}

test('readWebhookBody joins the chunks of a body within the limit', async () => {
  const raw = await readWebhookBody(chunks(3, 4), '12')
  assert.equal(raw.toString(), 'aaaaaaaaaaaa')
  assert.equal((await readWebhookBody(chunks(0, 1), undefined)).length, 0)
})

test('readWebhookBody refuses a declared length over the limit before reading anything', async () => {
  const pulled = { n: 0 }
  await assert.rejects(readWebhookBody(chunks(1, 1, pulled), String(MAX_WEBHOOK_BODY + 1)), {
    code: 'WEBHOOK_TOO_LARGE',
    status: 413
  })
  assert.equal(pulled.n, 0)
})

test('readWebhookBody stops reading as soon as an undeclared body passes the limit', async () => {
  const MiB = 1024 * 1024
  const pulled = { n: 0 }
  const limitInChunks = Math.floor(MAX_WEBHOOK_BODY / MiB)
  await assert.rejects(readWebhookBody(chunks(limitInChunks + 10, MiB, pulled), undefined), {
    code: 'WEBHOOK_TOO_LARGE'
  })
  assert.equal(pulled.n, limitInChunks + 1, 'the chunk that crossed the limit was the last one read')
})
