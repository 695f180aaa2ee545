/**
 * A hoarder killed while a substrate writes: with two hoarders, the substrate's replicas (database-replicas.ts)
 * keep writing to many databases while the owner of most of them is killed. Every call settles, well before the
 * 10 s deadline of a function's call: it is acknowledged by the hoarder that takes over or fails with
 * DATABASE_UNAVAILABLE; none waits for its deadline. Every write acknowledged is on the hoarder left. And when the
 * next owner does not answer at all (a node that takes the sync stream and stays silent, standing for a hoarder
 * that is dying or stuck), the calls fail with DATABASE_UNAVAILABLE instead of waiting for their deadline.
 */
import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { setImmediate } from 'node:timers/promises'
import type { Universe } from '../../src/index.js'
import { HoarderClient } from '../../src/services/hoarder/client.js'
import { instanceId, rankFor } from '../../src/services/hoarder/protocol.js'
import { DatabaseReplicas } from '../../src/services/substrate/database-replicas.js'
import type { DatabaseRef } from '../../src/shared/database-ref.js'
import { DreamError } from '../../src/shared/errors.js'
import { DB_SYNC_PROTOCOL } from '../../src/services/hoarder/protocol.js'
import { startUniverse, waitFor } from '../helpers/universe.js'

/** A call still unsettled this long after it was made waits for its deadline: the bug this test is about. */
const HANG_MS = 5_000
const ROUNDS = 3

let u: Universe
let replicas: DatabaseReplicas

before(async () => {
  u = await startUniverse({ services: ['hoarder'], simples: ['client', 'sa', 'mute'] })
  const sa = u.runner('sa')
  assert.ok(sa !== undefined)
  replicas = new DatabaseReplicas({ node: sa.node, directory: u.directory, log: u.log })
  replicas.start()
})

after(async () => {
  await replicas?.stop()
  await u?.stop()
})

/** Settles with `p`'s outcome, or with 'hung' once it has waited HANG_MS. */
async function outcome(p: Promise<unknown>): Promise<string> {
  let timer: NodeJS.Timeout | undefined
  const hung = new Promise<string>(resolve => {
    timer = setTimeout(() => resolve('hung'), HANG_MS)
  })
  const settled = p.then(
    () => 'ok',
    (err: unknown) => (err instanceof DreamError ? err.code : String(err))
  )
  try {
    return await Promise.race([settled, hung])
  } finally {
    clearTimeout(timer)
  }
}

for (let round = 0; round < ROUNDS; round++) {
  const name = `killing the owning hoarder mid-write: every call settles, nothing acknowledged is lost (${round})`
  test(name, { timeout: 120_000 }, async () => {
    await u.addService('hoarder')
    const dbs: DatabaseRef[] = Array.from({ length: 12 }, (_, n) => ({
      project: 'P',
      application: '',
      match: `r${round}db${n}`,
      name: `db${n}`,
      size: 1_000_000
    }))
    const ownerOf = (db: DatabaseRef): string => rankFor(instanceId(db), u.directory.byRole('hoarder'))[0]?.peerId ?? ''
    for (const db of dbs) await replicas.write(db, 'k0', new Uint8Array([0]))
    const victim = ownerOf(dbs[0] as DatabaseRef)
    let killing = true
    const acked = new Map<DatabaseRef, string[]>()
    const outcomes: string[] = []
    const writers = dbs.map(async db => {
      const mine: string[] = []
      acked.set(db, mine)
      for (let i = 1; killing || i < 20; i++) {
        const key = `k${i}`
        const [w, r] = await Promise.all([
          outcome(replicas.write(db, key, new Uint8Array([i % 256]))),
          outcome(replicas.replica(db))
        ])
        outcomes.push(w, r)
        if (w === 'ok') mine.push(key)
        await setImmediate() // the kill, too, needs turns of the event loop
      }
    })
    await waitFor('every database to be written to', () => outcomes.length >= 4 * dbs.length)
    await u.killNode('hoarder', victim)
    killing = false
    await Promise.all(writers)
    const counts: Record<string, number> = {}
    for (const o of outcomes) counts[o] = (counts[o] ?? 0) + 1
    assert.deepEqual(
      Object.keys(counts).filter(o => o !== 'ok' && o !== 'DATABASE_UNAVAILABLE'),
      [],
      `outcomes: ${JSON.stringify(counts)}`
    )
    await replicas.flushed()
    const hoarder = new HoarderClient(u.clientNode(), u.directory)
    for (const db of dbs) {
      const held = new Set(await hoarder.dbList(db, 'k'))
      const lost = (acked.get(db) ?? []).filter(k => !held.has(k))
      assert.deepEqual(lost, [], `acknowledged writes of ${db.match} lost`)
    }
  })
}

test('a next owner that does not answer fails the waiting calls fast, and the old owner serves again', async () => {
  const mute = u.runner('mute')
  assert.ok(mute !== undefined)
  await mute.node.handle(DB_SYNC_PROTOCOL, () => {}) // takes the stream, never answers
  const asHoarder = { ...mute.entry, role: 'hoarder', kind: 'service' as const }
  const live = u.directory.byRole('hoarder')
  // A database the silent node would own, opened and written on the real hoarders first.
  let db: DatabaseRef | undefined
  for (let n = 0; db === undefined; n++) {
    const candidate = { project: 'P', application: '', match: `mute${n}`, name: 'mute', size: 1000 }
    if (rankFor(instanceId(candidate), [...live, asHoarder])[0]?.peerId === asHoarder.peerId) db = candidate
  }
  await replicas.write(db, 'k', new Uint8Array([1]))
  u.directory.add(asHoarder)
  try {
    assert.equal(await outcome(replicas.write(db, 'k', new Uint8Array([2]))), 'DATABASE_UNAVAILABLE')
    assert.equal(await outcome(replicas.replica(db)), 'DATABASE_UNAVAILABLE')
  } finally {
    u.directory.add(mute.entry)
  }
  assert.equal(await outcome(replicas.write(db, 'k', new Uint8Array([3]))), 'ok')
  assert.deepEqual((await replicas.replica(db)).get('k'), new Uint8Array([3]))
})
