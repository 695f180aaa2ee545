import type { FastifyInstance, FastifyPluginAsync } from 'fastify'
import { SubstrateClient } from '../services/substrate/client.js'
import type { FunctionLogLine } from '../services/substrate/protocol.js'
import { DreamError, errorMessage } from '../shared/errors.js'
import type { Multiverse } from '../universe/multiverse.js'
import { pause } from '../shared/pause.js'
import type { Universe } from '../universe/universe.js'
import { followJob } from './job-follow.js'
import type { ApiSettings } from './settings.js'
import { findJob } from './job-rows.js'
import { openSse, type SseStream } from './sse.js'
import { backlogTail, Subscribers } from './stream-bounds.js'

/**
 * Live streams as server-sent events (README, "Streams"), for `dream logs -f` and the web console:
 * - `/stream/job/:universe/:job[?project=]`: `job` (the build row), `line` ({line}) per log line, then `end`
 *   ({job}: the row in its final state) and the stream closes;
 * - `/stream/function-logs/:universe[?function=]`: `line` ({at, function, project, line, node}) until the client
 *   goes away. Both send `error` ({error: {code, message}}) and close when something fails.
 */
export const streamRoutes =
  (mv: Multiverse, settings: ApiSettings): FastifyPluginAsync =>
  async (app: FastifyInstance) => {
    const open = new Set<SseStream>()
    const subscribers = new Subscribers()
    app.addHook('onClose', async () => {
      for (const s of open) s.end()
    })
    /** Opens the stream `key` names, unless it or the API has all the subscribers it takes (then 429). */
    const stream = (key: string, reply: Parameters<typeof openSse>[0], origin: string | undefined): SseStream => {
      const leave = subscribers.join(key)
      const s = openSse(reply, origin)
      open.add(s)
      s.signal.addEventListener(
        'abort',
        () => {
          open.delete(s)
          leave()
        },
        { once: true }
      )
      return s
    }
    const fail = (s: SseStream, err: unknown): void => {
      s.send('error', {
        error: { code: err instanceof DreamError ? err.code : 'INTERNAL', message: errorMessage(err) }
      })
      s.end()
    }

    app.get<{ Params: { universe: string; job: string }; Querystring: { project?: string } }>(
      '/stream/job/:universe/:job',
      async (req, reply) => {
        // Resolve before the stream opens, so an unknown job is an ordinary error answer.
        const u = mv.get(req.params.universe)
        const row = await findJob(u, req.params.job, req.query.project)
        const s = stream(`job ${u.name}/${row.id}`, reply, req.headers.origin)
        s.send('job', row)
        try {
          const done = await followJob(
            u,
            row.id,
            line => {
              s.send('line', { line })
            },
            s.signal,
            settings.jobPollMs
          )
          if (done !== undefined) s.send('end', { job: await findJob(u, row.id) })
          s.end()
        } catch (err) {
          fail(s, err)
        }
      }
    )

    app.get<{ Params: { universe: string }; Querystring: { function?: string } }>(
      '/stream/function-logs/:universe',
      async (req, reply) => {
        const u = mv.get(req.params.universe)
        const s = stream(`function logs ${u.name}/${req.query.function ?? '*'}`, reply, req.headers.origin)
        try {
          await followFunctionLogs(
            u,
            req.query.function,
            l => {
              s.send('line', l)
            },
            s.signal,
            settings.functionLogPollMs
          )
          s.end()
        } catch (err) {
          fail(s, err)
        }
      }
    )
  }

/** Sends the function log lines the substrates hold, then each new one (asked every `pollMs`) until aborted. */
async function followFunctionLogs(
  u: Universe,
  fn: string | undefined,
  onLine: (l: FunctionLogLine & { node: string }) => void,
  signal: AbortSignal,
  pollMs: number
): Promise<void> {
  // Per substrate: the time of the newest line seen and how many lines carried that time.
  const seen = new Map<string, { at: number; count: number }>()
  const substrates = new SubstrateClient(u.clientNode(), u.directory)
  while (!signal.aborted) {
    for (const sub of substrates.peers()) {
      const logs = await substrates.logs(sub, fn)
      const mark = seen.get(sub.peerId) ?? { at: 0, count: 0 }
      // Lines at the mark's own millisecond were partly sent before: skip as many as were.
      const atMark = logs.filter(l => l.at === mark.at).slice(mark.count)
      const news = logs.filter(l => l.at > mark.at)
      const newest = logs.at(-1)?.at ?? mark.at
      seen.set(sub.peerId, { at: newest, count: logs.filter(l => l.at === newest).length })
      // The first round is what the substrate held before: its tail only.
      const batch = [...atMark, ...news]
      const { kept } = mark.at === 0 ? backlogTail(batch, l => l.line.length + 64) : { kept: batch }
      for (const l of kept) onLine({ ...l, node: sub.peerId })
    }
    await pause(pollMs, signal)
  }
}
