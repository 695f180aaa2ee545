/**
 * The `chat` template in both languages, made through the Console as `dream new function --template chat` makes
 * it: the function and the `messaging/chat.yaml` it needs (written once per project), built and served; each
 * answers the websocket URL of its channel, where two browsers talk.
 */
import { describe, test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import type { FunctionView } from '../../src/console/console.js'
import type { Universe } from '../../src/index.js'
import { scopeHash } from '../../src/services/substrate/pubsub/topic.js'
import { consoleFor, hostRequest, httpPort, pushAllAndWait } from '../helpers/serving.js'
import { startUniverse } from '../helpers/universe.js'
import { WsClient } from '../helpers/websocket.js'

describe('the chat template', { timeout: 600_000 }, () => {
  let u: Universe
  let hash: string
  let chatAs: FunctionView
  let chatGo: FunctionView
  const clients: WsClient[] = []

  before(async () => {
    u = await startUniverse({ webhooks: false })
    const { console: c } = await consoleFor(u)
    const project = await c.newProject('room')
    hash = scopeHash(project.id)
    chatAs = await c.newFunction('chat', { project: 'room', template: 'chat', language: 'assemblyscript' })
    chatGo = await c.newFunction('chat_go', { project: 'room', template: 'chat', language: 'go', path: '/chat-go' })
    await pushAllAndWait(u)
  })
  after(async () => {
    for (const c of clients) c.destroy()
    await u?.stop()
  })

  test('AssemblyScript and Go answer the channel URL, where two clients talk', async () => {
    const port = httpPort(u)
    for (const fn of [chatAs, chatGo]) {
      const r = await hostRequest(port, fn.fqdn, fn.path)
      assert.equal(r.status, 200, `${fn.language}: ${r.body}`)
      assert.equal(r.body, `ws-${hash}/chat`, fn.language)
    }
    const a = await WsClient.connect(port, `/ws-${hash}/chat`)
    const b = await WsClient.connect(port, `/ws-${hash}/chat`)
    clients.push(a, b)
    a.send('hi b')
    assert.equal((await b.next())?.data.toString(), 'hi b')
    b.send('hi a')
    assert.equal((await a.next())?.data.toString(), 'hi a')
  })
})
