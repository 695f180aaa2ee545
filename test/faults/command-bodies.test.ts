/**
 * Every p2p command's body is checked against the shape its protocol declares before its handler runs: a body
 * that does not fit is refused with a typed error naming the field, and nothing is done.
 */
import { test, describe, after, before } from 'node:test'
import assert from 'node:assert/strict'
import type { Universe } from '../../src/index.js'
import { callService } from '../../src/services/client.js'
import type { ServiceName } from '../../src/services/types.js'
import { startUniverse } from '../helpers/universe.js'

describe('command bodies are checked on receipt', { timeout: 120_000 }, () => {
  let u: Universe
  before(async () => {
    u = await startUniverse({ services: ['patrick', 'tns'] })
  })
  after(async () => {
    await u?.stop()
  })

  const call = async (service: ServiceName, cmd: string, body: unknown): Promise<unknown> => {
    const node = u.clientNode()
    return await callService(node, u.directory, service, cmd, body)
  }
  const refused =
    (code: string, field: RegExp) =>
    (e: { code?: string; message?: string }): boolean =>
      e.code === code && field.test(e.message ?? '')

  test("patrick's done refuses a body without a job id, or with the wrong types", async () => {
    await assert.rejects(call('patrick', 'done', {}), refused('BAD_COMMAND_BODY', /jid/))
    await assert.rejects(call('patrick', 'done', { jid: 42 }), refused('BAD_COMMAND_BODY', /jid/))
    await assert.rejects(call('patrick', 'done', { jid: 'Qmx', cid: { log: 7 } }), refused('BAD_COMMAND_BODY', /cid/))
    await assert.rejects(call('patrick', 'failed', { jid: 'Qmx', retry: 'no' }), refused('BAD_COMMAND_BODY', /retry/))
  })

  test('a body that fits reaches the handler', async () => {
    await assert.rejects(call('patrick', 'done', { jid: 'QmNoSuchJob' }), (e: { code?: string }) => {
      assert.notEqual(e.code, 'BAD_COMMAND_BODY')
      return true
    })
    assert.deepEqual(await call('patrick', 'jobs', {}), { jobs: [] })
  })

  test("a shape may carry its service's own code (tns: TNS_BAD_PATH)", async () => {
    await assert.rejects(call('tns', 'fetch', { path: 'a/b' }), refused('TNS_BAD_PATH', /path/))
    await assert.rejects(call('tns', 'push', { data: 1 }), refused('TNS_BAD_PATH', /path/))
  })
})
