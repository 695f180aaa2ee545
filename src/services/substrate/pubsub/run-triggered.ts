import { DreamError } from '../../../shared/errors.js'
import { assetKey } from '../../../shared/ids.js'
import type { HttpRequestData, InvokeRequest, WasmRuntime } from '../../../vm/index.js'
import type { TnsClient } from '../../tns/client.js'
import { libraryIdOf } from '../library-source.js'
import type { ModuleCache } from '../modules.js'
import type { ChannelMessage } from './envelope.js'
import type { TriggeredFunction } from './triggers.js'

/** A pub/sub call reads no request: the worker protocol carries one, this empty one. */
const NO_REQUEST: HttpRequestData = {
  method: '',
  host: '',
  path: '',
  rawQuery: '',
  headers: {},
  userAgent: '',
  body: new Uint8Array(0)
}

/**
 * How a `pubsub`-triggered function runs for a message: its build (`assets/<key>` in TNS) compiled once by the
 * module cache, then a call in the worker pool (never inline: the event is not an HTTP one) under its timeout and
 * memory cap, with the host calls an HTTP call has; its log lines go where an HTTP call's go.
 */
export function triggeredRunner(o: {
  tns: TnsClient
  branch: () => string
  modules: ModuleCache
  runtime: WasmRuntime
  record: (fn: string, project: string, lines: string[]) => void
  /** What answers the call's host operations (databases, outbound HTTP, self). */
  host: (fn: TriggeredFunction) => InvokeRequest['host']
}): (fn: TriggeredFunction, m: ChannelMessage) => Promise<void> {
  return async (fn, m) => {
    const cid = await o.tns.fetch<string>(['assets', assetKey(fn.project, libraryIdOf(fn.source) ?? fn.id, o.branch())])
    if (typeof cid !== 'string') throw new DreamError('FUNCTION_LOAD', `function ${fn.name} has no build yet`)
    const compiled = await o.modules.get(cid, fn.memory, fn.name)
    try {
      const out = await o.runtime.invoke({
        key: `${fn.id}:${cid}:${fn.memory}`,
        module: compiled.worker,
        call: fn.call,
        timeoutMs: Math.max(1, Math.round(fn.timeout / 1e6)),
        memoryBytes: fn.memory,
        name: fn.name,
        http: NO_REQUEST,
        pubsub: { channel: fn.channel, data: m.data },
        host: o.host(fn),
        scope: { project: fn.project, application: fn.application, function: fn.id, hash: fn.hash }
      })
      if (out.logs.length > 0) o.record(fn.name, fn.project, out.logs)
    } catch (err) {
      const logs = err instanceof DreamError ? ((err.cause as { logs?: string[] } | undefined)?.logs ?? []) : []
      o.record(fn.name, fn.project, [...logs, `error: ${err instanceof Error ? err.message : String(err)}`])
    }
  }
}
