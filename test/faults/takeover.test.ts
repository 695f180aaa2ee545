/**
 * Data survives `dream kill <service>` + `dream inject <service>`: the node that replaces a killed one takes over
 * its state directory; with two copies, killing one loses nothing.
 */
import { test, describe, after, before } from 'node:test'
import assert from 'node:assert/strict'
import type { Universe } from '../../src/index.js'
import { callPeer, callService } from '../../src/services/client.js'
import { cidOf } from '../../src/shared/cid.js'
import { startUniverse } from '../helpers/universe.js'

const lastRoot = (u: Universe, role: string): string | undefined =>
  u
    .runners()
    .filter(r => r.spec.role === role)
    .at(-1)?.spec.root

describe('state survives kill and inject', { timeout: 120_000 }, () => {
  let u: Universe
  before(async () => {
    u = await startUniverse({ services: ['tns', 'hoarder', 'auth', 'patrick'] })
  })
  after(async () => {
    await u?.stop()
  })

  const client = () => {
    const node = u.runner('client')?.node
    assert.ok(node !== undefined)
    return node
  }

  test('a replaced hoarder still has the assets, a replaced tns still has the routes', async () => {
    const bytes = new TextEncoder().encode('an asset that must survive')
    const cid = await cidOf(bytes)
    await callService(client(), u.directory, 'hoarder', 'stash', { cid, data: Buffer.from(bytes).toString('base64') })
    await callService(client(), u.directory, 'tns', 'push', { path: ['survive', 'route'], data: 'here' })
    for (const role of ['hoarder', 'tns']) {
      await u.kill(role)
      await u.addService(role)
    }
    const got = await callService<{ data: string }>(client(), u.directory, 'hoarder', 'get', { cid })
    assert.equal(Buffer.from(got.data, 'base64').toString(), 'an asset that must survive')
    const route = await callService<{ object: unknown }>(client(), u.directory, 'tns', 'fetch', {
      path: ['survive', 'route']
    })
    assert.equal(route.object, 'here')
  })

  test("a replaced auth or patrick works on its predecessor's state directory", async () => {
    for (const role of ['auth', 'patrick']) {
      const before = lastRoot(u, role)
      await u.kill(role)
      await u.addService(role)
      assert.equal(lastRoot(u, role), before, `${role} took over ${before}`)
    }
  })

  test('with two copies of tns, killing one loses nothing', async () => {
    await u.addService('tns')
    await callService(client(), u.directory, 'tns', 'push', { path: ['two', 'copies'], data: 'kept' })
    await u.kill('tns')
    const left = await callService<{ object: unknown }>(client(), u.directory, 'tns', 'fetch', {
      path: ['two', 'copies']
    })
    assert.equal(left.object, 'kept')
    await u.addService('tns')
    for (const peer of u.directory.byRole('tns')) {
      const { object } = await callPeer<{ object: unknown }>(client(), peer, 'tns', 'fetch', {
        path: ['two', 'copies']
      })
      assert.equal(object, 'kept', `tns ${peer.peerId}`)
    }
  })
})
