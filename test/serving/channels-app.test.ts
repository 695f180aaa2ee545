/**
 * Channels of an application, on real nodes: an HTTP function of application `shop` (test/data/serving/publisher)
 * gets the websocket URL of the application's channel `chat` and publishes to it, and a browser's websocket on
 * that URL receives what it publishes: the URL and the publish name the same scope (project + application).
 */
import { describe, test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { cp, mkdir, readFile, rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { FunctionView } from '../../src/console/console.js'
import { editRepo } from '../../src/console/workspace.js'
import type { Universe } from '../../src/index.js'
import { scopeHash } from '../../src/services/substrate/pubsub/topic.js'
import { generateId } from '../../src/shared/ids.js'
import { addCustomFunction, consoleFor, hostRequest, httpPort, pushAllAndWait } from '../helpers/serving.js'
import { startUniverse, waitFor } from '../helpers/universe.js'
import { WsClient } from '../helpers/websocket.js'
import { ROOT } from '../vm/functions.js'

describe("an application's function and its channel", { timeout: 600_000 }, () => {
  let u: Universe
  let publisher: FunctionView
  let appHash = ''
  let client: WsClient | undefined

  const call = async (q: Record<string, string>) =>
    await hostRequest(httpPort(u), publisher.fqdn, `/apppub?${new URLSearchParams(q).toString()}`)

  before(async () => {
    u = await startUniverse({ webhooks: false })
    const { console: c, session: s } = await consoleFor(u)
    const project = await c.newProject('appchat')
    publisher = await addCustomFunction(c, s, project, { name: 'publisher', data: 'serving' })
    const appId = generateId(project.id, 'shop')
    appHash = scopeHash(project.id, appId)
    const source = await readFile(join(ROOT, 'test/data/serving/publisher/publisher.ts'), 'utf8')
    await editRepo(project.config.url, s, 'application shop: apppub and channel chat', async dir => {
      const app = join(dir, 'applications', 'shop')
      await mkdir(join(app, 'functions'), { recursive: true })
      await mkdir(join(app, 'messaging'), { recursive: true })
      await writeFile(join(app, 'config.yaml'), `id: ${appId}\ndescription: shop\n`)
      const chat = `id: ${generateId(appId, 'chat')}\nlocal: false\nchannel:\n  regex: false\n  match: chat\n`
      await writeFile(join(app, 'messaging', 'chat.yaml'), `${chat}bridges:\n  websocket:\n    enable: true\n`)
      const fnYaml = (await readFile(join(dir, 'functions', 'publisher.yaml'), 'utf8'))
        .replace(/^id: .*$/m, `id: ${generateId(project.id, 'apppub')}`)
        .replaceAll('/publisher', '/apppub')
      await writeFile(join(app, 'functions', 'apppub.yaml'), fnYaml)
    })
    await editRepo(project.code.url, s, 'application shop: apppub', async dir => {
      await cp(join(dir, 'functions', 'publisher'), join(dir, 'shop', 'functions', 'apppub'), { recursive: true })
      await rm(join(dir, 'shop', 'functions', 'apppub', 'publisher.ts'))
      await writeFile(join(dir, 'shop', 'functions', 'apppub', 'apppub.ts'), source)
    })
    await pushAllAndWait(u)
  })

  after(async () => {
    client?.destroy()
    await u?.stop()
  })

  test("the function's websocket URL is its application's, and the socket there gets what it publishes", async () => {
    const url = await call({ url: 'chat' })
    assert.equal(url.status, 200, url.body)
    assert.equal(url.body, `ws-${appHash}/chat`)
    const ws = await WsClient.connect(httpPort(u), `/${url.body}`)
    client = ws
    await waitFor('a published message on the websocket', async () => {
      const r = await call({ channel: 'chat', text: 'hello shop' })
      assert.equal(r.body, 'errno 0')
      return ws.take().some(m => m.data.toString('utf8') === 'hello shop')
    })
  })
})
