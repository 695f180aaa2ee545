/**
 * p2p functions from Go, on real nodes: a universe with two substrates, a project with a `services/` resource
 * (protocol `/echo/v1`), an HTTP function that calls through go-sdk's `p2p/node` client and a function on a `p2p`
 * trigger that answers with what it read from go-sdk's `p2p/event`. The call crosses to the other substrate; a
 * protocol no service has and a command no function serves get the SDK's errors; another project with a service
 * of the same protocol does not reach the first project's function. Discover lists the substrates, SendTo calls
 * the one it names (the called function's From and To say who called and where it ran), and Listen names the
 * service's protocol.
 */
import { describe, test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { base58btc } from 'multiformats/bases/base58'
import { CID } from 'multiformats/cid'
import * as Digest from 'multiformats/hashes/digest'
import { stringify } from 'yaml'
import type { Console, ProjectView } from '../../src/console/console.js'
import type { ConsoleSession } from '../../src/console/session.js'
import { editRepo } from '../../src/console/workspace.js'
import type { Universe } from '../../src/index.js'
import type { NodeEntry } from '../../src/p2p/directory.js'
import { SubstrateClient } from '../../src/services/substrate/client.js'
import { generateId } from '../../src/shared/ids.js'
import { consoleFor, hostRequest, pushAllAndWait, setFunctionYaml } from '../helpers/serving.js'
import { startUniverse, waitFor } from '../helpers/universe.js'
import { ROOT } from '../vm/functions.js'

const SOURCES = join(ROOT, 'test/data/serving/p2p_go')

/** A Go function from test/data/serving/p2p_go/<file>.go, with `trigger` when given. */
async function goFunction(
  c: Console,
  s: ConsoleSession,
  project: ProjectView,
  name: string,
  trigger?: Record<string, unknown>
): Promise<string> {
  const view = await c.newFunction(name, {
    project: project.name,
    template: 'ping_pong',
    language: 'go',
    path: `/${name}`
  })
  const source = await readFile(join(SOURCES, `${name}.go`), 'utf8')
  await editRepo(project.code.url, s, `${name}: go-sdk p2p`, async dir => {
    await rm(join(dir, 'functions', name, 'ping_pong.go'))
    await writeFile(join(dir, 'functions', name, `${name}.go`), source)
  })
  await setFunctionYaml(s, project, name, y => {
    if (trigger !== undefined) y.trigger = trigger
    y.execution = { ...y.execution, call: name }
  })
  return view.fqdn
}

/** A project with the service `echo` (protocol /echo/v1) and the caller; with `echo`, the p2p function too. */
/** Returns the caller's host name. */
async function p2pProject(u: Universe, name: string, withEcho: boolean): Promise<string> {
  const { console: c, session: s } = await consoleFor(u)
  const project = await c.newProject(name)
  const host = await goFunction(c, s, project, 'caller')
  if (withEcho) await goFunction(c, s, project, 'echo', { type: 'p2p', service: 'echo', command: 'say' })
  await editRepo(project.config.url, s, 'services: echo', async dir => {
    await mkdir(join(dir, 'services'), { recursive: true })
    const yaml = stringify({ id: generateId('services', 'echo'), description: '', tags: [], protocol: '/echo/v1' })
    await writeFile(join(dir, 'services', 'echo.yaml'), yaml)
  })
  await pushAllAndWait(u, 'push-all', { project: name })
  return host
}

describe('p2p functions in Go across two substrates', { timeout: 900_000 }, () => {
  let u: Universe
  let ports: number[]
  const hosts: Record<string, string> = {}
  const call = async (port: number, project: string, q: string): Promise<{ status: number; body: string }> => {
    const { status, body } = await hostRequest(port, hosts[project] ?? '', `/caller?${q}`, { timeoutMs: 30_000 })
    return { status, body }
  }

  before(async () => {
    u = await startUniverse({ webhooks: false, binds: { substrate: { copies: 2 } } })
    hosts.p2pmain = await p2pProject(u, 'p2pmain', true)
    hosts.p2pother = await p2pProject(u, 'p2pother', false)
    ports = u.directory.byRole('substrate').map(e => e.ports.http as number)
    assert.equal(ports.length, 2)
  })
  after(async () => {
    await u?.stop()
  })

  test('an HTTP function calls the p2p function through the SDK, on both substrates, and gets its answer', async () => {
    for (const port of ports) {
      let r = { status: 0, body: '' }
      // Until the substrate serves the pushed caller (its build reached TNS).
      await waitFor('the caller', async () => {
        r = await call(port, 'p2pmain', 'protocol=/echo/v1&cmd=say&data=hello')
        return r.status !== 404 && r.status !== 503
      })
      assert.deepEqual(r, { status: 200, body: '/echo/v1 say: hello' })
    }
  })

  test("the call crosses to the other substrate: the echo function runs there, not on the caller's", async () => {
    const substrates = u.directory.byRole('substrate')
    const client = new SubstrateClient(u.clientNode(), u.directory)
    for (const [i, s] of substrates.entries()) {
      const r = await call(s.ports.http as number, 'p2pmain', `protocol=/echo/v1&cmd=say&data=from-${i}`)
      assert.deepEqual(r, { status: 200, body: `/echo/v1 say: from-${i}` })
      const ran = async (e: NodeEntry): Promise<boolean> =>
        (await client.logs(e, 'echo')).some(l => l.line === `echo from-${i}`)
      assert.equal(await ran(s), false)
      assert.equal(await ran(substrates[1 - i] as NodeEntry), true)
    }
  })

  test('a protocol no service has, and a command no function serves, get the SDK errors', async () => {
    const port = ports[0] as number
    const noProtocol = await call(port, 'p2pmain', 'protocol=/nothing/v1&cmd=say&data=x')
    assert.deepEqual(noProtocol, { status: 200, body: 'error: New P2P command failed with: ErrorP2PProtocolNotFound' })
    const noCommand = await call(port, 'p2pmain', 'protocol=/echo/v1&cmd=shout&data=x')
    assert.equal(noCommand.body, 'error: Send command failed with ErrorP2PSendFailed')
    // The substrates still serve the calls that work.
    assert.equal((await call(port, 'p2pmain', 'protocol=/echo/v1&cmd=say&data=again')).body, '/echo/v1 say: again')
  })

  test('Discover finds both substrates; SendTo runs on the one it names, whose From and To say so', async () => {
    const substrates = u.directory.byRole('substrate')
    const cids = substrates.map(e => CID.createV1(0x72, Digest.decode(base58btc.baseDecode(e.peerId))).toString())
    const port = ports[0] as number
    const found = await call(port, 'p2pmain', 'protocol=/echo/v1&discover=1')
    assert.deepEqual(found.body.split(',').sort(), [...cids].sort())
    const caller = cids[substrates.findIndex(e => e.ports.http === port)] as string
    for (const to of cids) {
      const r = await call(port, 'p2pmain', `protocol=/echo/v1&cmd=say&data=who&to=${to}`)
      assert.equal(r.body, `from ${caller} to ${to}`)
    }
    const each = await call(port, 'p2pmain', 'protocol=/echo/v1&cmd=say&data=x&to=each')
    assert.equal(each.body, '/echo/v1 say: x\n/echo/v1 say: x')
    // A peer that is no substrate of the universe (the caller's CID of another kind of node).
    const tns = u.directory.byRole('tns')[0]?.peerId as string
    const notSubstrate = CID.createV1(0x72, Digest.decode(base58btc.baseDecode(tns))).toString()
    const refused = await call(port, 'p2pmain', `protocol=/echo/v1&cmd=say&data=who&to=${notSubstrate}`)
    assert.equal(refused.body, 'error: Send command failed with ErrorP2PSendFailed')
  })

  test('Listen names the protocol of a service, and a protocol no service has gets the SDK error', async () => {
    const port = ports[0] as number
    const r = await call(port, 'p2pmain', 'protocol=/echo/v1&listen=1')
    assert.match(r.body, /^\w+\/echo\/v1$/)
    const none = await call(port, 'p2pmain', 'protocol=/nothing/v1&listen=1')
    // go-sdk reads a zero size as no protocol, before the errno.
    assert.equal(none.body, 'error: Project protocol not found')
  })

  test("another project's function does not reach this project's p2p function", async () => {
    let r = { status: 0, body: '' }
    await waitFor('the other caller', async () => {
      r = await call(ports[1] as number, 'p2pother', 'protocol=/echo/v1&cmd=say&data=steal')
      return r.status !== 404 && r.status !== 503
    })
    assert.deepEqual(r, { status: 200, body: 'error: Send command failed with ErrorP2PSendFailed' })
  })
})
