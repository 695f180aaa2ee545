/**
 * The echo template, in both languages, answers a large body within its own configured limits (timeout and
 * memory from its template.yaml): its JSON escaping is linear in the body's size, and Go's runtime fits in the
 * memory its template gives it, call after call on one warm instance. The body mixes every character class that
 * needs escaping, and the answer must carry it back exactly.
 */
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { FunctionBuilder } from '../../src/builder/index.js'
import { parseDuration, parseSize } from '../../src/compiler/index.js'
import { loadTemplate } from '../../src/console/templates.js'
import { silent } from '../../src/shared/log.js'
import { WasmRuntime, compileModule } from '../../src/vm/index.js'

const builder = new FunctionBuilder({ log: silent })
const runtime = new WasmRuntime({ log: silent })
before(async () => {
  builder.start()
  await runtime.start()
})
after(async () => {
  await builder.stop()
  await runtime.stop()
})

const value = (p: ReturnType<typeof parseDuration>): number => {
  assert.ok(p.ok)
  return p.value
}

for (const language of ['go', 'assemblyscript'] as const) {
  test(`${language} echo returns a 600 KB body with escapes, exactly, within the template's limits`, async () => {
    const t = await loadTemplate('echo', language)
    const timeoutMs = value(parseDuration(t.timeout)) / 1e6
    const memoryBytes = value(parseSize(t.memory))
    const module = await compileModule((await builder.build(t.codeDir)).wasm, memoryBytes, 'echo')
    const text = 'plain text, "quoted", back\\slash, tab\there, line\nbreak, \u0001 control; '.repeat(9_000)
    assert.ok(text.length > 600_000)
    // The same key each time: the calls share one warm instance, whose heap must settle within the cap.
    for (let i = 0; i < 3; i++) {
      const r = await runtime.invoke({
        key: `echo-${language}`,
        module,
        call: t.call,
        name: 'echo',
        timeoutMs,
        memoryBytes,
        http: {
          method: 'POST',
          host: 'h.localtau',
          path: '/echo',
          rawQuery: 'a=1',
          headers: {},
          userAgent: 't',
          body: new TextEncoder().encode(text)
        }
      })
      assert.equal(r.status, 200, new TextDecoder().decode(r.body))
      const echoed = JSON.parse(new TextDecoder().decode(r.body)) as { body: string; query: Record<string, string> }
      assert.equal(echoed.body, text)
      assert.deepEqual(echoed.query, { a: '1' })
    }
  })
}
