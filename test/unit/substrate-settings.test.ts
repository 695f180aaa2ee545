/**
 * The substrate's and the hoarder's settings (src/services/substrate/settings.ts, src/services/hoarder/settings.ts):
 * the defaults are the values the services had as constants, a bad value is refused when the factory is made, and
 * a setting given to a universe reaches the running substrate.
 */
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { DEFAULT_RESPONSE_BYTES } from '../../src/vm/index.js'
import { substrate } from '../../src/services/substrate/index.js'
import { SUBSTRATE_DEFAULTS, substrateSettings } from '../../src/services/substrate/settings.js'
import { hoarder } from '../../src/services/hoarder/index.js'
import { hoarderSettings } from '../../src/services/hoarder/settings.js'
import { createUniverse } from '../../src/index.js'
import { substrateStats } from '../helpers/serving.js'
import { withUniverse } from '../helpers/universe.js'

test("the substrate's and the hoarder's defaults are the values they had as constants", () => {
  assert.deepEqual(substrateSettings(), {
    workers: 3,
    idleMs: 10_000,
    keptLogs: 500,
    hotRoutes: 4096,
    scopeHashes: 4096,
    routeAttempts: 3,
    preparedHosts: 64,
    replicaIdleMs: 60_000,
    replicaOpenMs: 1_000,
    maxResponseBytes: DEFAULT_RESPONSE_BYTES,
    triggerCalls: 64,
    triggerSettleMs: 50,
    publishPerS: 1000,
    publishBurst: 200,
    p2pCallMs: 60_000
  })
  assert.equal(substrateSettings({ workers: 5 }).workers, 5)
  assert.equal(SUBSTRATE_DEFAULTS.workers, 3, 'an init does not change the defaults')
  assert.deepEqual(hoarderSettings(), { compactSlack: 10_000 })
})

test('a bad substrate or hoarder setting is refused when the factory is made, naming it', () => {
  const named = (name: string) => (e: { code?: string; message?: string }) =>
    e.code === 'INVALID_INPUT' && new RegExp(`setting ${name}`).test(e.message ?? '')
  assert.throws(() => substrate({ workers: 0 }), named('workers'))
  assert.throws(() => substrate({ moduleDiskBytes: -1 }), named('moduleDiskBytes'))
  assert.throws(() => hoarder({ compactSlack: Number.NaN }), named('compactSlack'))
  assert.throws(() => createUniverse({ name: 'bad-substrate', settings: { substrate: { keptLogs: 0 } } }), {
    code: 'INVALID_INPUT'
  })
})

test("a universe's substrate setting reaches the running substrate: its worker pool has `workers` slots", async () => {
  await withUniverse({ services: ['substrate'], settings: { substrate: { workers: 5 } } }, async u => {
    assert.equal((await substrateStats(u)).size, 5)
  })
  await withUniverse({ services: ['substrate'] }, async u => {
    assert.equal((await substrateStats(u)).size, SUBSTRATE_DEFAULTS.workers)
  })
})
