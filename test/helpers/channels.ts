/**
 * Helpers for channel tests and the bench: a project whose config repository gets `messaging/` resources, pushed
 * through patrick and the config compiler until TNS has its scope.
 */
import { mkdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { stringify } from 'yaml'
import { editRepo } from '../../src/console/workspace.js'
import type { Universe } from '../../src/index.js'
import { scopeHash } from '../../src/services/substrate/pubsub/topic.js'
import { generateId } from '../../src/shared/ids.js'
import { tnsOf } from './pipeline.js'
import type { FunctionView } from '../../src/console/console.js'
import { addCustomFunction, consoleFor, pushAllAndWait, setFunctionYaml, type CustomFunction } from './serving.js'
import { waitFor } from './universe.js'
import type { WsClient } from './websocket.js'

export interface MessagingSpec {
  /** File name (without .yaml) in messaging/. */
  name: string
  match: string
  regex?: boolean
  websocket: boolean
}

/** A messaging resource as a config repository holds it. */
function messagingYaml(m: MessagingSpec): string {
  return stringify({
    id: generateId('messaging', m.name),
    description: '',
    tags: [],
    local: false,
    channel: { regex: m.regex ?? false, match: m.match },
    bridges: { mqtt: { enable: false }, websocket: { enable: m.websocket } }
  })
}

/**
 * Creates project `name` with `resources` (and `functions`, test sources built with AssemblyScript, with another
 * trigger than HTTP when given one), pushes it and waits for its scope in TNS; returns the scope hash and the
 * functions.
 */
export async function channelProject(
  u: Universe,
  name: string,
  resources: MessagingSpec[],
  functions: Array<CustomFunction & { trigger?: Record<string, unknown> }> = []
): Promise<{ hash: string; functions: FunctionView[] }> {
  const { console: c, session: s } = await consoleFor(u)
  const project = await c.newProject(name)
  const views: FunctionView[] = []
  for (const f of functions) {
    views.push(await addCustomFunction(c, s, project, f))
    const trigger = f.trigger
    if (trigger !== undefined)
      await setFunctionYaml(s, project, f.name, y => {
        y.trigger = trigger
      })
  }
  await editRepo(project.config.url, s, `messaging: ${resources.map(r => r.name).join(', ')}`, async dir => {
    await mkdir(join(dir, 'messaging'), { recursive: true })
    for (const r of resources) await writeFile(join(dir, 'messaging', `${r.name}.yaml`), messagingYaml(r))
  })
  await pushAllAndWait(u, functions.length > 0 ? 'push-all' : 'push-config', { project: name })
  const hash = scopeHash(project.id)
  await waitFor('the scope in TNS', async () => Array.isArray(await tnsOf(u).fetch(['p2p', 'pubsub', hash])))
  return { hash, functions: views }
}

/** Sends from `from` until `to` has received something: gossipsub has then joined the two substrates' topic. */
export async function warmUp(from: WsClient, to: WsClient): Promise<void> {
  let n = 0
  await waitFor('a message across substrates', () => {
    from.send(`warm-up ${n++}`)
    return to.take().length > 0
  })
}

/** The next message that is not a warm-up one (see `warmUp`), as text. */
export async function nextReal(c: WsClient): Promise<string | undefined> {
  for (;;) {
    const t = (await c.next())?.data.toString('utf8')
    if (t === undefined || !t.startsWith('warm-up')) return t
  }
}
