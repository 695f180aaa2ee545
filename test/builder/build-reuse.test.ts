/**
 * Incremental builds: a function whose files did not change since a build of the same content is not built
 * again; any change to its files builds it.
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

const rebuilt = (log: string[]): boolean => !log.some(l => l.includes('not rebuilt'))

test('the same content is built once; a changed file is built again', async () => {
  const a = join(tmp.dir, 'a', 'ping_pong')
  const b = join(tmp.dir, 'b', 'ping_pong')
  await cp(templateCode('ping_pong'), a, { recursive: true })
  await cp(templateCode('ping_pong'), b, { recursive: true })
  const first = await builder.build(a)
  assert.ok(rebuilt(first.log), first.log.join('\n'))
  const again = await builder.build(b) // another checkout of the same content, as the next job's clone is
  assert.ok(!rebuilt(again.log), again.log.join('\n'))
  assert.deepEqual(again.wasm, first.wasm)
  await appendFile(join(b, 'ping_pong.ts'), '\n// changed\n')
  assert.ok(rebuilt((await builder.build(b)).log))
})
