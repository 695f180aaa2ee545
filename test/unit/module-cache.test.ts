/**
 * substrate's compiled-module cache: one fetch and compile per (CID, memory cap) while the module stays, bounded by
 * the wasm bytes it holds (least recently used out first), and a module evicted is fetched and compiled again on
 * its next request; `prepare` only fills free room; a Go module's inline variant waits for its second request.
 */
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { join } from 'node:path'
import { FunctionBuilder } from '../../src/builder/index.js'
import { ModuleCache } from '../../src/services/substrate/serving/modules.js'
import { silent } from '../../src/shared/log.js'
import { waitFor } from '../helpers/universe.js'
import { TEMPLATES, templateCode } from '../vm/functions.js'

const MEM = 10_000_000
const builder = new FunctionBuilder({ log: silent })
const wasm = new Map<string, Uint8Array>()

before(async () => {
  builder.start()
  for (const name of ['ping_pong', 'echo']) wasm.set(name, (await builder.build(templateCode(name))).wasm)
  wasm.set('go', (await builder.build(join(TEMPLATES, 'ping_pong', 'go'))).wasm)
})
after(async () => {
  await builder.stop()
})

/** A cache over the built templates (CID = template name), counting fetches per CID. */
function cache(maxBytes: number): { modules: ModuleCache; fetched: Map<string, number>; evicted: string[] } {
  const fetched = new Map<string, number>()
  const evicted: string[] = []
  const modules = new ModuleCache({
    maxBytes,
    fetch: async cid => {
      fetched.set(cid, (fetched.get(cid) ?? 0) + 1)
      const b = wasm.get(cid)
      if (b === undefined) throw new Error(`no block ${cid}`)
      return b
    },
    onEvict: key => {
      evicted.push(key)
    }
  })
  return { modules, fetched, evicted }
}

test('a cached module is compiled once; one over the byte bound evicts the least recently used', async () => {
  const ping = wasm.get('ping_pong')?.byteLength ?? 0
  const echo = wasm.get('echo')?.byteLength ?? 0
  // Room for both templates, not for a second copy of echo (another memory cap is another compile).
  const { modules, fetched, evicted } = cache(ping + echo + Math.min(ping, echo) - 1)
  const first = await modules.get('ping_pong', MEM, 'ping_pong')
  assert.equal(await modules.get('ping_pong', MEM, 'ping_pong'), first, 'the same compiled module')
  await modules.get('echo', MEM, 'echo')
  assert.deepEqual(
    [...fetched],
    [
      ['ping_pong', 1],
      ['echo', 1]
    ]
  )
  assert.equal(modules.bytes, ping + echo)
  await modules.get('ping_pong', MEM, 'ping_pong') // now the most recently used: echo goes first
  await modules.get('ping_pong', 2 * MEM, 'ping_pong')
  assert.deepEqual(evicted, [`echo:${MEM}`])
  assert.equal(modules.size, 2)
  assert.equal(modules.bytes, 2 * ping)
  const back = await modules.get('echo', MEM, 'echo')
  assert.ok(back.inline !== undefined, 'compiled again, inline variant included')
  assert.equal(fetched.get('echo'), 2, 'the evicted module was fetched and compiled again')
})

test('a fetch that fails is not cached: the next request tries again', async () => {
  const { modules, fetched } = cache(64 * 1024 * 1024)
  await assert.rejects(modules.get('missing', MEM, 'missing'), /no block missing/)
  await assert.rejects(modules.get('missing', MEM, 'missing'), /no block missing/)
  assert.equal(fetched.get('missing'), 2)
  assert.equal(modules.size, 0)
  assert.equal(modules.bytes, 0)
})

test('prepare compiles a module ahead of its request, only into free room: it never evicts one', async () => {
  const ping = wasm.get('ping_pong')?.byteLength ?? 0
  const echo = wasm.get('echo')?.byteLength ?? 0
  const { modules, fetched, evicted } = cache(ping + Math.min(ping, echo) - 1)
  assert.equal(await modules.prepare('ping_pong', MEM, 'ping_pong'), true)
  assert.equal(await modules.prepare('ping_pong', MEM, 'ping_pong'), false, 'held already: nothing to do')
  assert.equal(await modules.prepare('echo', MEM, 'echo'), false, 'no room beside ping_pong')
  assert.deepEqual(evicted, [])
  assert.equal(modules.size, 1)
  assert.equal(modules.prepared, 1)
  await modules.get('ping_pong', MEM, 'ping_pong')
  assert.equal(fetched.get('ping_pong'), 1, 'the request found the prepared module')
  assert.equal(fetched.get('echo'), undefined, 'no room for a module as large as ping_pong: echo is not fetched')
  assert.equal(modules.loads, 1)
})

test('a Go module is served by the pool first; its inline variant comes with its second request', async () => {
  const { modules, fetched } = cache(64 * 1024 * 1024)
  const first = await modules.get('go', MEM, 'go')
  assert.equal(first.inline, undefined)
  assert.equal(fetched.get('go'), 1)
  assert.equal(await modules.get('go', MEM, 'go'), first)
  await waitFor('the inline variant', () => first.inline !== undefined, { timeoutMs: 60_000 })
  assert.equal(fetched.get('go'), 2, 'the bytes were fetched again for it, not kept')
  assert.equal(modules.loads, 1)
})
