/**
 * Pub/sub from Go: a function written against go-sdk's `pubsub/event` and `pubsub/node`, built by monkey with the
 * Go toolchain, runs for each message a websocket client sends on its channel and publishes what it read (channel
 * and data) to another channel, which a second client receives. An HTTP function gets a channel's websocket URL
 * (only for a messaging resource with `websocket: true`) and subscribes to a channel (only one a function runs for).
 */
import { describe, test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { readFile, rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { editRepo } from '../../src/console/workspace.js'
import type { Universe } from '../../src/index.js'
import { socketPath } from '../../src/services/substrate/pubsub/topic.js'
import { channelProject, warmUp } from '../helpers/channels.js'
import { consoleFor, hostRequest, httpPort, pushAllAndWait, setFunctionYaml } from '../helpers/serving.js'
import { startUniverse } from '../helpers/universe.js'
import { WsClient } from '../helpers/websocket.js'
import { ROOT } from '../vm/functions.js'

describe('a Go function on a pubsub trigger', { timeout: 600_000 }, () => {
  let u: Universe
  let hash: string
  let socketsHost: string
  const clients: WsClient[] = []

  before(async () => {
    u = await startUniverse({ webhooks: false })
    hash = (
      await channelProject(u, 'gochat', [
        { name: 'chat', match: 'chat', websocket: true },
        { name: 'relayed', match: 'relayed', websocket: true },
        { name: 'quiet', match: 'quiet', websocket: false }
      ])
    ).hash
    const { console: c, session: s } = await consoleFor(u)
    const project = await c.project('gochat')
    await c.newFunction('relay', { project: 'gochat', template: 'ping_pong', language: 'go' })
    const source = await readFile(join(ROOT, 'test/data/serving/relay_go/relay.go'), 'utf8')
    await editRepo(project.code.url, s, 'relay: go-sdk pub/sub', async dir => {
      await rm(join(dir, 'functions', 'relay', 'ping_pong.go'))
      await writeFile(join(dir, 'functions', 'relay', 'relay.go'), source)
    })
    await setFunctionYaml(s, project, 'relay', y => {
      y.trigger = { type: 'pubsub', channel: 'chat' }
      y.execution = { ...y.execution, call: 'relay' }
    })
    const view = await c.newFunction('sockets', {
      project: 'gochat',
      template: 'ping_pong',
      language: 'go',
      path: '/sockets'
    })
    socketsHost = view.fqdn
    const sockets = await readFile(join(ROOT, 'test/data/serving/relay_go/sockets.go'), 'utf8')
    await editRepo(project.code.url, s, 'sockets: go-sdk websocket URL and subscribe', async dir => {
      await rm(join(dir, 'functions', 'sockets', 'ping_pong.go'))
      await writeFile(join(dir, 'functions', 'sockets', 'sockets.go'), sockets)
    })
    await setFunctionYaml(s, project, 'sockets', y => {
      y.execution = { ...y.execution, call: 'sockets' }
    })
    await pushAllAndWait(u, 'push-all', { project: 'gochat' })
  })
  after(async () => {
    for (const c of clients) c.destroy()
    await u?.stop()
  })

  test('a client message on chat comes back from the Go function on relayed, with its channel', async () => {
    const port = httpPort(u)
    const sender = await WsClient.connect(port, socketPath(hash, 'chat'))
    const watch = await WsClient.connect(port, socketPath(hash, 'relayed'))
    clients.push(sender, watch)
    // Until the substrate has read the new function from TNS and joined its channel.
    await warmUp(sender, watch)
    sender.send('hello go')
    let t: string | undefined
    do {
      t = (await watch.next())?.data.toString('utf8')
      assert.ok(t?.startsWith('go chat: ') === true, `a relayed message: ${t}`)
    } while (t !== 'go chat: hello go')
  })

  test("a channel's websocket URL is given only where its messaging resource has websocket: true", async () => {
    const ask = async (q: string) => (await hostRequest(httpPort(u), socketsHost, `/sockets?${q}`)).body
    assert.equal(await ask('channel=chat'), `ws-${hash}/chat`)
    assert.equal(
      await ask('channel=quiet'),
      'error: Getting web socket URL for channel `quiet` failed with: ErrorGetWebSocketURLFailed'
    )
    assert.match(await ask('channel=nothing'), /ErrorGetWebSocketURLFailed/)
  })

  test('a function subscribes to a channel a function runs for, and gets the SDK error for another', async () => {
    const ask = async (q: string) => (await hostRequest(httpPort(u), socketsHost, `/sockets?${q}`)).body
    assert.equal(await ask('channel=chat&subscribe=1'), 'subscribed')
    assert.equal(
      await ask('channel=quiet&subscribe=1'),
      'error: Set subscribe to channel `quiet` failed with: ErrorSubscribeFailed'
    )
  })
})
