/**
 * The bounds of stored content, kept by the hoarder that owns each index (database-store.ts charges), with the
 * storage calls of two substrates (FunctionStorages on two nodes, as two substrates hold them) and one real
 * hoarder: a project's pushed content stops at its bound, whoever pushes, and the bytes refused never reach the
 * hoarders; a storage's size holds though both substrates add at once; and an add asks the hoarders the same
 * number of things whether the storage holds one file or many.
 */
import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import type { Universe } from '../../src/index.js'
import { HoarderClient } from '../../src/services/hoarder/client.js'
import { FunctionStorages } from '../../src/services/substrate/storages.js'
import { TnsClient } from '../../src/services/tns/client.js'
import { cidOf } from '../../src/shared/cid.js'
import type { StorageRef } from '../../src/shared/storage-ref.js'
import { Errno } from '../../src/vm/errno.js'
import type { HostReply } from '../../src/vm/host-calls.js'
import type { StorageCall } from '../../src/vm/host-storage.js'
import type { ContentCall } from '../../src/vm/host-storage-content.js'
import { startUniverse } from '../helpers/universe.js'

/** The project bound the substrates are given here (the default is PROJECT_CONTENT_BYTES). */
const PROJECT_BYTES = 10_000
const CHUNK = 1_000

/** A hoarder client that counts the commands it sends. */
class CountingHoarder extends HoarderClient {
  calls = 0
  protected override async call<T>(...args: Parameters<HoarderClient['call']>): Promise<T> {
    this.calls++
    return await super.call<T>(...args)
  }
}

let u: Universe
let hoarders: CountingHoarder[]
let substrates: FunctionStorages[]
let n = 0

before(async () => {
  u = await startUniverse({ services: ['hoarder'], simples: ['client', 'sa', 'sb'] })
  hoarders = []
  substrates = ['sa', 'sb'].map(name => {
    const node = u.runner(name)?.node
    assert.ok(node !== undefined)
    const hoarder = new CountingHoarder(node, u.directory)
    hoarders.push(hoarder)
    const storages = new FunctionStorages(new TnsClient(node, u.directory), hoarder, () => 'main', PROJECT_BYTES)
    return storages
  })
})

after(async () => {
  await u?.stop()
})

const chunk = (seed: number): Uint8Array => new Uint8Array(CHUNK).fill(seed % 256).map((b, i) => (b + i * seed) % 256)
/** A storage of its own project: each test fills its project's bound its own way. */
const storage = (size: number): StorageRef => {
  n++
  return { project: `P${n}`, application: '', match: `st${n}`, name: `st${n}`, size, versioning: false }
}
/** The calls of a function of `project` on substrate `i % 2`. */
const substrate =
  (i: number, project: string): ((c: StorageCall | ContentCall) => Promise<HostReply>) =>
  async c =>
    await (substrates[i % 2] as FunctionStorages).answer(c, { project, application: '', name: 'fn' })

test('pushes past the project bound fail from either substrate; refused bytes never reach a hoarder', async () => {
  const data = Array.from({ length: 30 }, (_, i) => chunk(i + 1))
  const replies = await Promise.all(data.map(async (d, i) => await substrate(i, 'P')({ op: 'stContentPush', data: d })))
  const ok = replies.filter(r => r.ok)
  assert.equal(ok.length, PROJECT_BYTES / CHUNK, 'the bound takes exactly as many as fit')
  for (const r of replies.filter(r => !r.ok)) assert.equal(r.ok ? 0 : r.errno, Errno.AddFileFailed)
  const held = await new HoarderClient(u.clientNode(), u.directory).held()
  const refused = await Promise.all(data.filter((_, i) => !replies[i]?.ok).map(async d => await cidOf(d)))
  assert.deepEqual(
    refused.filter(c => held.has(c)),
    [],
    'no refused content on a hoarder'
  )
  // The same content again costs nothing more: it is already the project's.
  const again = data.find((_, i) => replies[i]?.ok) as Uint8Array
  assert.equal((await substrate(1, 'P')({ op: 'stContentPush', data: again })).ok, true)
})

test("a storage's size holds while two substrates add to it at once", async () => {
  const st = storage(5 * CHUNK)
  const replies = await Promise.all(
    Array.from({ length: 16 }, async (_, i) => {
      const data = new Uint8Array(CHUNK)
      return await substrate(i, st.project)({ op: 'stAdd', st, file: `f${i}`, data, overwrite: false })
    })
  )
  assert.equal(replies.filter(r => r.ok).length, 5)
  const used = await substrate(0, st.project)({ op: 'stUsed', st })
  assert.deepEqual(used, { ok: true, number: 5 * CHUNK })
})

test('an add asks the hoarders as many things with 40 files stored as with one', async () => {
  const st = storage(1_000_000)
  const counted = hoarders[0] as CountingHoarder
  const add = async (file: string): Promise<number> => {
    const before = counted.calls
    const r = await substrate(0, st.project)({ op: 'stAdd', st, file, data: new Uint8Array([1]), overwrite: false })
    assert.equal(r.ok, true)
    return counted.calls - before
  }
  const first = await add('a')
  for (let i = 0; i < 38; i++) await add(`b${i}`)
  assert.equal(await add('c'), first)
})
