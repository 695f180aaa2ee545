/**
 * The one registry of host modules (src/vm/host-modules.ts) and what reads it: each module links exactly the
 * imports it declares; the instance, the inline path and the builder's import check agree on which imports exist
 * and which may run inline; the substrate answers each op with the part of the module that sends it, and an op
 * no module sends is an error, never a database call.
 */
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { checkImports } from '../../src/builder/import-check.js'
import type { FunctionHostParts } from '../../src/services/substrate/host/function-host.js'
import { functionHost } from '../../src/services/substrate/host/function-host.js'
import type { FunctionRecord } from '../../src/services/substrate/host/host-part.js'
import { GuestMemory } from '../../src/vm/guest-memory.js'
import type { HostReply } from '../../src/vm/host-calls.js'
import type { HostCallBase } from '../../src/vm/host-calls.js'
import { HOST_MODULES, HOST_OP_MODULE, type HostCall } from '../../src/vm/host-modules.js'
import { compileInline } from '../../src/vm/inline.js'
import { UnsupportedImport, WarmInstance } from '../../src/vm/instance.js'
import { wasm } from '../../src/vm/webassembly.js'

/** A module of one empty exported function `run` that imports each [module, name] as a `() -> ()` function. */
function importing(imports: Array<[string, string]>): Uint8Array {
  const str = (s: string): number[] => [s.length, ...Buffer.from(s)]
  const section = (id: number, body: number[]): number[] => [id, body.length, ...body]
  const entries = imports.flatMap(([m, n]) => [...str(m), ...str(n), 0, 0])
  return Uint8Array.from([
    ...[0, 0x61, 0x73, 0x6d, 1, 0, 0, 0],
    ...section(1, [1, 0x60, 0, 0]),
    ...section(2, [imports.length, ...entries]),
    ...section(3, [1, 0]),
    ...section(7, [1, ...str('run'), 0, imports.length]),
    ...section(10, [1, 2, 0, 0x0b])
  ])
}

test('each host module links exactly the imports it declares', () => {
  const ctx = {
    mem: new GuestMemory(),
    logs: [],
    hostEpoch: undefined,
    remainingMs: () => 0,
    host: undefined,
    versions: undefined,
    publish: undefined,
    event: () => undefined,
    message: () => undefined,
    p2pEvent: () => undefined
  }
  for (const m of HOST_MODULES) {
    const names = Object.keys(m.link(ctx, {}).functions).sort()
    assert.deepEqual(names, [...m.imports].sort(), m.name)
    if (Array.isArray(m.inline)) for (const n of m.inline) assert.ok(m.imports.includes(n), `${m.name} ${n}`)
  }
})

test('every host op is sent by exactly one module', () => {
  const ops = HOST_MODULES.flatMap(m => Object.keys(m.calls))
  assert.equal(new Set(ops).size, ops.length)
  assert.equal(HOST_OP_MODULE.size, ops.length)
  for (const m of HOST_MODULES) for (const op of Object.keys(m.calls)) assert.equal(HOST_OP_MODULE.get(op), m.name)
})

test('the instance and the import check agree on the env imports', () => {
  for (const m of HOST_MODULES.filter(m => m.module === 'env'))
    for (const name of m.imports) {
      const bytes = importing([['env', name]])
      checkImports(bytes, 'f')
      assert.ok(new WarmInstance(new wasm.Module(bytes), { mayBlock: true }).hasExport('run'), name)
    }
  const unknown = importing([['env', 'nope']])
  assert.throws(() => checkImports(unknown, 'f'), { code: 'BUILD_UNSUPPORTED_IMPORT' })
  assert.throws(() => new WarmInstance(new wasm.Module(unknown), { mayBlock: true }), UnsupportedImport)
})

test('only imports every host module answering them allows inline run inline', async () => {
  const inline = async (imports: Array<[string, string]>) =>
    (await compileInline(importing(imports), 1 << 20)) !== undefined
  assert.equal(await inline([['taubyte/sdk', 'cryptoRead']]), true)
  assert.equal(await inline([['taubyte/sdk', 'getMessageData']]), true)
  assert.equal(await inline([['taubyte/sdk', 'getEventType']]), true)
  assert.equal(await inline([['taubyte/sdk', 'notAHostFunction']]), true) // answers NotImplemented
  assert.equal(await inline([['env', '_log']]), true)
  assert.equal(await inline([['taubyte/sdk', 'newDatabase']]), false)
  assert.equal(await inline([['taubyte/sdk', 'publishToChannel']]), false)
  assert.equal(await inline([['taubyte/sdk', 'newCommand']]), false)
  assert.equal(await inline([['env', '_sleep']]), false)
  assert.equal(await inline([['env', 'nope']]), false)
})

const fn: FunctionRecord = { id: 'f', name: 'f', project: 'p', application: '', commit: 'c', branch: 'main' }

/** Parts that say which one answered. */
function recordingParts(): { parts: FunctionHostParts; asked: string[] } {
  const asked: string[] = []
  const part = (name: string) => ({
    answer: async (c: HostCallBase): Promise<HostReply> => {
      asked.push(`${name} ${c.op}`)
      return { ok: true }
    }
  })
  const parts: FunctionHostParts = {
    database: part('database'),
    storage: part('storage'),
    content: part('content'),
    'http client': part('http client'),
    self: part('self'),
    globals: part('globals'),
    dns: part('dns'),
    pubsub: part('pubsub'),
    p2p: part('p2p')
  }
  return { parts, asked }
}

test('each host call goes to the part of the module that sends it', async () => {
  const { parts, asked } = recordingParts()
  const host = functionHost(fn, parts)
  await host({ op: 'stContentGet', cid: 'x' })
  await host({ op: 'stOpen', matcher: 'x' })
  await host({ op: 'dnsLookup', kind: 'txt', name: 'x', timeoutMs: 1 })
  await host({ op: 'self' })
  assert.deepEqual(asked, ['content stContentGet', 'storage stOpen', 'dns dnsLookup', 'self self'])
})

test('an unknown host op is an error, and no part is asked', async () => {
  const { parts, asked } = recordingParts()
  const host = functionHost(fn, parts)
  await assert.rejects(host({ op: 'dbDrop' } as unknown as HostCall), { code: 'HOST_CALL_UNKNOWN' })
  await assert.rejects(host({ op: 'stranger' } as unknown as HostCall), { code: 'HOST_CALL_UNKNOWN' })
  assert.deepEqual(asked, [])
})
