/**
 * Pub/sub: a message sent by a websocket client on one substrate until a client of the same channel on the other
 * substrate has it (publish → gossipsub → websocket), one message at a time, in a universe with two substrates.
 */
import type { Universe } from '../src/index.js'
import { socketPath } from '../src/services/substrate/pubsub/topic.js'
import { channelProject, nextReal, warmUp } from '../test/helpers/channels.js'
import { startUniverse } from '../test/helpers/universe.js'
import { WsClient } from '../test/helpers/websocket.js'
import { median, since, type BenchContext, type Row } from './lib/section.js'

export const title = 'pub/sub: websocket → gossipsub → websocket, two substrates'
export const order = 60

const MESSAGES = 200

export async function run(ctx: BenchContext): Promise<Row[]> {
  const p50: number[] = []
  let u: Universe | undefined
  const clients: WsClient[] = []
  try {
    u = await startUniverse({ webhooks: false, binds: { substrate: { copies: 2 } } })
    const { hash } = await channelProject(u, 'bench', [{ name: 'chat', match: 'chat', websocket: true }])
    const [p0 = 0, p1 = 0] = u.directory.byRole('substrate').map(e => e.ports.http ?? 0)
    const sender = await WsClient.connect(p0, socketPath(hash, 'chat'))
    const receiver = await WsClient.connect(p1, socketPath(hash, 'chat'))
    clients.push(sender, receiver)
    await warmUp(sender, receiver)
    for (let r = 0; r < ctx.runs; r++) {
      const times: number[] = []
      for (let i = 0; i < MESSAGES; i++) {
        const body = `run ${r} message ${i}`
        const t0 = performance.now()
        sender.send(body)
        if ((await nextReal(receiver)) !== body) throw new Error(`the receiver did not get "${body}" next`)
        times.push(since(t0) * 1000)
      }
      p50.push(median(times))
      ctx.progress(`run ${r + 1}/${ctx.runs}: p50 ${(p50.at(-1) ?? 0).toFixed(0)} µs over ${MESSAGES} messages`)
    }
  } finally {
    for (const c of clients) c.destroy()
    await u?.stop()
  }
  return [{ measure: 'publish → websocket client received, p50', unit: 'µs', samples: p50, target: 5000 }]
}
