/**
 * The content key that decides whether a function is built again (monkey's build index): two checkouts of the
 * same files have the same key; a changed file, or another place in the repository (which the module's trap
 * locations name), gives another. Equal keys give equal modules.
 */
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { appendFile, cp } from 'node:fs/promises'
import { join } from 'node:path'
import { FunctionBuilder } from '../../src/builder/index.js'
import { silent } from '../../src/shared/log.js'
import { templateCode, tempDir } from '../vm/functions.js'

const builder = new FunctionBuilder({ log: silent })
let tmp: Awaited<ReturnType<typeof tempDir>>

before(async () => {
  builder.start()
  tmp = await tempDir()
})
after(async () => {
  await builder.stop()
  await tmp.cleanup()
})

test('the same content has the same key and builds to the same module; a changed file changes the key', async () => {
  const a = join(tmp.dir, 'a', 'ping_pong')
  const b = join(tmp.dir, 'b', 'ping_pong')
  await cp(templateCode('ping_pong'), a, { recursive: true })
  await cp(templateCode('ping_pong'), b, { recursive: true })
  const prefix = { sourcePrefix: 'functions/ping_pong' }
  const keyA = await builder.contentKey(a, prefix)
  assert.match(keyA, /^[0-9a-f]{64}$/)
  assert.equal(await builder.contentKey(b, prefix), keyA, 'another checkout of the same content')
  const [wa, wb] = [await builder.build(a, prefix), await builder.build(b, prefix)]
  assert.deepEqual(wa.wasm, wb.wasm, 'equal keys, equal modules')
  assert.notEqual(await builder.contentKey(b, { sourcePrefix: 'app/functions/ping_pong' }), keyA)
  await appendFile(join(b, 'ping_pong.ts'), '\n// changed\n')
  assert.notEqual(await builder.contentKey(b, prefix), keyA)
})
