import { createHmac, timingSafeEqual } from 'node:crypto'
import { DreamError, InvalidInputError, UnauthorizedError } from '../../shared/errors.js'

/**
 * Verifies a GitHub webhook signature against the hook's secret: `X-Hub-Signature-256` (HMAC-SHA256) when sent,
 * else `X-Hub-Signature` (HMAC-SHA1). Throws 401 when missing or wrong.
 */
export function verifySignature(
  raw: Buffer,
  secret: string,
  sig256: string | undefined,
  sig1: string | undefined
): void {
  const check = (header: string, algo: 'sha256' | 'sha1'): boolean => {
    const expected = Buffer.from(`${algo}=${createHmac(algo, secret).update(raw).digest('hex')}`)
    const given = Buffer.from(header.trim())
    return given.length === expected.length && timingSafeEqual(given, expected)
  }
  if (sig256 !== undefined && sig256.trim() !== '' && sig256.trim() !== 'sha256=') {
    if (!check(sig256, 'sha256'))
      throw new UnauthorizedError('WEBHOOK_BAD_SIGNATURE', 'X-Hub-Signature-256 does not match the hook secret')
    return
  }
  if (sig1 !== undefined && sig1.trim() !== '') {
    if (!check(sig1, 'sha1'))
      throw new UnauthorizedError('WEBHOOK_BAD_SIGNATURE', 'X-Hub-Signature does not match the hook secret')
    return
  }
  throw new UnauthorizedError(
    'WEBHOOK_UNSIGNED',
    'the webhook carries no X-Hub-Signature-256 or X-Hub-Signature header'
  )
}

export function parsePayload(raw: Buffer): unknown {
  try {
    return JSON.parse(raw.toString('utf8'))
  } catch {
    throw new InvalidInputError('WEBHOOK_BAD_JSON', 'the webhook body is not JSON')
  }
}

/** GitHub caps webhook payloads at 25 MB; anything larger is not a webhook. */
export const MAX_WEBHOOK_BODY = 25 * 1024 * 1024

/**
 * Reads a webhook body of at most MAX_WEBHOOK_BODY bytes, refusing (413) as soon as the declared length or the
 * bytes read so far exceed it, so an oversized body is never held in memory.
 */
export async function readWebhookBody(
  body: AsyncIterable<Buffer>,
  declaredLength: string | undefined
): Promise<Buffer> {
  const tooLarge = (): DreamError =>
    new DreamError('WEBHOOK_TOO_LARGE', `webhook bodies are at most ${MAX_WEBHOOK_BODY} bytes (GitHub's limit)`)
  if (declaredLength !== undefined && Number(declaredLength) > MAX_WEBHOOK_BODY) throw tooLarge()
  const chunks: Buffer[] = []
  let size = 0
  for await (const chunk of body) {
    size += chunk.length
    if (size > MAX_WEBHOOK_BODY) throw tooLarge()
    chunks.push(chunk)
  }
  return Buffer.concat(chunks)
}
