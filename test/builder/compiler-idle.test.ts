/**
 * The AssemblyScript compiler process does not stay resident when idle: it starts with the first build (or a
 * warm start), ends a set time after its last build, and the next build starts it again.
 */
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { setTimeout as delay } from 'node:timers/promises'
import { FunctionBuilder } from '../../src/builder/index.js'
import { silent } from '../../src/shared/log.js'
import { templateCode } from '../vm/functions.js'

async function until(what: string, cond: () => boolean): Promise<void> {
  for (let i = 0; !cond(); i++) {
    assert.ok(i < 1000, `${what} not within 10 s`)
    await delay(10)
  }
}

test('the compiler process ends when idle and comes back for the next build', async () => {
  const builder = new FunctionBuilder({ log: silent, compilerIdleMs: 200 })
  builder.start()
  try {
    assert.equal(builder.compilerResident, false, 'no compiler process before the first AssemblyScript build')
    assert.ok((await builder.build(templateCode('ping_pong'))).wasm.byteLength > 0)
    await until('the idle compiler process ending', () => !builder.compilerResident)
    const again = await builder.build(templateCode('echo'))
    assert.ok(again.wasm.byteLength > 0)
    await until('the idle compiler process ending again', () => !builder.compilerResident)
  } finally {
    await builder.stop()
  }
})

test('a warm start starts the compiler process at once, and it idles out after the warm-up build', async () => {
  const builder = new FunctionBuilder({ log: silent, compilerIdleMs: 200 })
  builder.start({ warm: true })
  try {
    assert.equal(builder.compilerResident, true)
    await until('the warmed compiler process ending', () => !builder.compilerResident)
  } finally {
    await builder.stop()
  }
})
