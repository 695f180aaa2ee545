import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { existsSync } from 'node:fs'
import { cp, mkdir, readdir, readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { FunctionBuilder } from '../../src/builder/index.js'
import { DreamError } from '../../src/shared/errors.js'
import { silent } from '../../src/shared/log.js'
import { wasm } from '../../src/vm/webassembly.js'
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

/** Pids of this process's children (Linux: field 4 of /proc/<pid>/stat is the parent's pid). */
async function childPids(): Promise<number[]> {
  const pids: number[] = []
  for (const name of await readdir('/proc')) {
    if (!/^\d+$/.test(name)) continue
    const stat = await readFile(`/proc/${name}/stat`, 'utf8').catch(() => '')
    if (stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1] === String(process.pid)) pids.push(Number(name))
  }
  return pids
}

const hasProc = existsSync('/proc/self/stat')

// The second build reuses the compiler process the first one started, so it does not pay asc's load again (how much
// that saves is measured by `npm run bench -- runtime`, not asserted here).
test('builds both templates in one compiler process', async () => {
  const ping = await builder.build(templateCode('ping_pong'))
  assert.ok(ping.wasm.byteLength > 1000)
  assert.ok(wasm.validate(ping.wasm))
  assert.ok(ping.log.some(l => l.includes('entry: ping_pong.ts')))
  const m = new wasm.Module(ping.wasm)
  assert.deepEqual(new Set(wasm.Module.imports(m).map(i => i.module)), new Set(['taubyte/sdk', 'env']))
  assert.ok(
    wasm.Module.imports(m)
      .filter(i => i.module === 'env')
      .every(i => i.name === '_log')
  )
  assert.ok(wasm.Module.exports(m).some(e => e.name === 'memory'))
  assert.ok(wasm.Module.exports(m).some(e => e.name === 'ping'))
  const compilers = hasProc ? await childPids() : []
  if (hasProc) assert.equal(compilers.length, 1, `one compiler child process, found ${compilers.join(', ')}`)

  const echo = await builder.build(templateCode('echo'))
  assert.ok(wasm.validate(echo.wasm))
  if (hasProc) assert.deepEqual(await childPids(), compilers, 'the second build ran in the same compiler process')
})

test('a syntax error is BUILD_COMPILE with file and line:column', async () => {
  const dir = join(tmp.dir, 'broken')
  await cp(templateCode('ping_pong'), dir, { recursive: true })
  await writeFile(
    join(dir, 'index.ts'),
    'import { Event } from "sdk/event";\nexport function ping(e: Event): u32 {\n  let x = ;\n  return 0;\n}\n'
  )
  await assert.rejects(builder.build(dir), (err: unknown) => {
    assert.ok(err instanceof DreamError)
    assert.equal(err.code, 'BUILD_COMPILE')
    assert.match(err.message, /index\.ts:3:\d+/)
    return true
  })
})

test('a missing config names the path', async () => {
  const dir = join(tmp.dir, 'noconfig')
  await mkdir(dir)
  await writeFile(join(dir, 'index.ts'), 'export function f(): u32 { return 0 }\n')
  await assert.rejects(builder.build(dir), (err: unknown) => {
    assert.ok(err instanceof DreamError)
    assert.equal(err.code, 'BUILD_CONFIG')
    assert.ok(err.message.includes(join(dir, '.taubyte/config.yaml')))
    return true
  })
})

test('the legacy taubyte/ config dir is accepted', async () => {
  const dir = join(tmp.dir, 'legacy')
  await cp(templateCode('ping_pong'), dir, { recursive: true })
  await cp(join(dir, '.taubyte'), join(dir, 'taubyte'), { recursive: true })
  const { rm } = await import('node:fs/promises')
  await rm(join(dir, '.taubyte'), { recursive: true })
  const r = await builder.build(dir)
  assert.ok(r.log.some(l => l.startsWith('config: taubyte/config.yaml')))
})

test('a committed main.wasm is taken as is', async () => {
  const dir = join(tmp.dir, 'committed')
  await mkdir(join(dir, '.taubyte'), { recursive: true })
  await cp(join(templateCode('ping_pong'), '.taubyte/config.yaml'), join(dir, '.taubyte/config.yaml'))
  const bytes = Uint8Array.from([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0]) // the empty module
  await writeFile(join(dir, 'main.wasm'), bytes)
  const r = await builder.build(dir)
  assert.deepEqual([...r.wasm], [...bytes])
  assert.ok(r.log.some(l => l.includes('committed main.wasm')))

  await writeFile(join(dir, 'main.wasm'), 'not wasm')
  await assert.rejects(builder.build(dir), { code: 'BUILD_INVALID_WASM' })
})

test('an aborted build rejects and the builder keeps working', async () => {
  // Content not built before, so that the abort meets a running compile (a build of known content is reused).
  const dir = join(tmp.dir, 'aborted')
  await cp(templateCode('ping_pong'), dir, { recursive: true })
  await writeFile(join(dir, 'ping_pong.ts'), `${await readFile(join(dir, 'ping_pong.ts'), 'utf8')}\n// aborted\n`)
  const ac = new AbortController()
  const p = builder.build(dir, { signal: ac.signal })
  ac.abort()
  await assert.rejects(p, { code: 'BUILD_ABORTED' })
  const r = await builder.build(templateCode('ping_pong'))
  assert.ok(wasm.validate(r.wasm))
})
