import { test } from 'node:test'
import assert from 'node:assert/strict'
import { bodyChecks, bodyShape, objectShape } from '../../src/p2p/commands.js'

const shapes = {
  done: bodyShape<{ jid: string }>(objectShape({ jid: { type: 'string' } }, ['jid'])),
  fetch: bodyShape<{ path: string[] }>(
    objectShape({ path: { type: 'array', items: { type: 'string' } } }),
    'TNS_BAD_PATH'
  )
}

test('a body that fits its shape passes; one that does not is refused with the shape code, naming the field', () => {
  const check = bodyChecks('/x/v1', shapes)
  check('done', { jid: 'Qm1', extra: true })
  check('fetch', {})
  assert.throws(
    () => check('done', { jid: 1 }),
    (e: { code?: string; status?: number; message?: string }) =>
      e.code === 'BAD_COMMAND_BODY' &&
      e.status === 400 &&
      /\/x\/v1 done: body\/jid must be string/.test(e.message ?? '')
  )
  assert.throws(() => check('done', []), { code: 'BAD_COMMAND_BODY' })
  assert.throws(() => check('fetch', { path: [1] }), { code: 'TNS_BAD_PATH' })
})

test('a command without a declared shape is refused', () => {
  assert.throws(() => bodyChecks('/x/v1', shapes)('other', {}), { code: 'UNKNOWN_COMMAND' })
})
