import { test } from 'node:test'
import assert from 'node:assert/strict'
import { jsonAnswer } from '../../src/shared/http-answer.js'

const o = { request: 'GET /x', fallback: 'API_ERROR' } as const
const answer = (body: string, status: number, type = 'application/json'): Response =>
  new Response(body, { status, headers: { 'content-type': type } })

test('an ok answer is its JSON, text that is not JSON stays text, an empty one is null', async () => {
  assert.deepEqual(await jsonAnswer(answer('{"a":1}', 200), o), { a: 1 })
  assert.equal(await jsonAnswer(answer('plain', 200, 'text/plain'), o), 'plain')
  assert.equal(await jsonAnswer(new Response(null, { status: 204 }), o), null)
})

test("an error answer is a DreamError with the answer's code, its status, and its message", async () => {
  const cases: Array<[string, number]> = [
    ['PROJECT_NOT_FOUND', 404],
    ['DOMAIN_EXISTS', 409],
    ['BAD_COMMAND_BODY', 400]
  ]
  for (const [code, status] of cases)
    await assert.rejects(jsonAnswer(answer(JSON.stringify({ code, error: `said ${code}` }), status), o), {
      name: 'DreamError',
      code,
      status,
      message: `said ${code}`
    })
})

test('an answer without a known code gets the code for its status, else the fallback', async () => {
  const session = { ...o, fallback: 'CONSOLE_ERROR', byStatus: { 401: 'CONSOLE_AUTH', 404: 'NOT_FOUND' } } as const
  await assert.rejects(jsonAnswer(answer('{"message":"Bad credentials"}', 401), session), {
    code: 'CONSOLE_AUTH',
    status: 401,
    message: 'Bad credentials'
  })
  await assert.rejects(jsonAnswer(answer('{"code":"NO_SUCH_CODE"}', 404), session), { code: 'NOT_FOUND' })
  await assert.rejects(jsonAnswer(answer('<html>', 500, 'text/html'), session), {
    code: 'CONSOLE_ERROR',
    message: 'GET /x failed with status 500'
  })
})

test("expose is the caller's choice, else the status's", async () => {
  await assert.rejects(jsonAnswer(answer('{}', 500), o), { code: 'API_ERROR', expose: false })
  await assert.rejects(jsonAnswer(answer('{}', 500), { ...o, expose: true }), { code: 'API_ERROR', expose: true })
})
