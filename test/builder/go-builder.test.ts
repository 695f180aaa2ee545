/**
 * Building Go functions: TinyGo's directives adapted for standard Go (in a copy: the function's directory is
 * left as it was), older `package lib` handlers, compile errors named by repository path and line, and the
 * toolchain check.
 */
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { cp, readFile, readdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { FunctionBuilder } from '../../src/builder/index.js'
import { adaptDirectives } from '../../src/builder/go-adapt.js'
import { requireGo } from '../../src/shared/go-toolchain.js'
import { wasm as WA } from '../../src/vm/webassembly.js'
import { silent } from '../../src/shared/log.js'
import { TEMPLATES, tempDir } from '../vm/functions.js'

const builder = new FunctionBuilder({ log: silent })
let tmp: Awaited<ReturnType<typeof tempDir>>

before(() => {
  builder.start()
})
before(async () => {
  tmp = await tempDir()
})
after(async () => {
  await builder.stop()
  await tmp.cleanup()
})

async function snapshot(dir: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {}
  for (const e of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (e.isFile()) out[join(e.parentPath, e.name)] = await readFile(join(e.parentPath, e.name), 'utf8')
  }
  return out
}

test('TinyGo host imports become //go:wasmimport and exports //go:wasmexport, on the same lines', () => {
  const src = [
    'package sym',
    '//go:wasm-module taubyte/sdk',
    '//export getEventType',
    'func GetEventType(eventId uint32, typeid *uint32)',
    '',
    '//export ping',
    'func ping(e uint32) uint32 { return 0 }',
    '// export is not a directive with a space'
  ].join('\n')
  assert.equal(
    adaptDirectives(src),
    [
      'package sym',
      '',
      '//go:wasmimport taubyte/sdk getEventType',
      'func GetEventType(eventId uint32, typeid *uint32)',
      '',
      '//go:wasmexport ping',
      'func ping(e uint32) uint32 { return 0 }',
      '// export is not a directive with a space'
    ].join('\n')
  )
})

test('a `package lib` handler without main builds; the function directory is left unchanged', async () => {
  const dir = join(tmp.dir, 'old_style')
  await cp(join(TEMPLATES, 'ping_pong', 'go'), dir, { recursive: true })
  const src = join(dir, 'ping_pong.go')
  await writeFile(src, (await readFile(src, 'utf8')).replace('package main', 'package lib'))
  const before = await snapshot(dir)
  const { wasm, log } = await builder.build(dir)
  assert.deepEqual(await snapshot(dir), before)
  const exports = WA.Module.exports(new WA.Module(wasm)).map(e => e.name)
  assert.ok(exports.includes('ping') && exports.includes('_initialize'), `exports: ${exports.join(', ')}`)
  assert.ok(
    log.some(l => /host imports adapted in github\.com\/taubyte\/go-sdk-symbols/.test(l)),
    log.join('\n')
  )
})

test('a compile error fails with BUILD_COMPILE naming the file by its repository path, line and column', async () => {
  const dir = join(tmp.dir, 'broken')
  await cp(join(TEMPLATES, 'ping_pong', 'go'), dir, { recursive: true })
  const src = join(dir, 'ping_pong.go')
  const text = await readFile(src, 'utf8')
  await writeFile(src, `${text}\nfunc broken() { undefinedThing() }\n`)
  const line = text.split('\n').length + 1
  await assert.rejects(builder.build(dir, { label: 'functions/ping_pong' }), (err: unknown) => {
    assert.equal((err as { code?: string }).code, 'BUILD_COMPILE')
    const where = `functions/ping_pong/ping_pong\\.go:${line}:17`
    assert.match((err as Error).message, new RegExp(`${where}: error: undefined: undefinedThing`))
    return true
  })
})

test('no go on PATH: GO_TOOLCHAIN saying what was found and what to do', async () => {
  await assert.rejects(requireGo({ PATH: join(tmp.dir, 'nothing-here') }), (err: unknown) => {
    assert.equal((err as { code?: string }).code, 'GO_TOOLCHAIN')
    assert.equal(
      (err as Error).message,
      'Go functions need Go 1.24 or later on PATH (found none); install Go or use --language assemblyscript'
    )
    return true
  })
})
