/**
 * How a function runs for an event that is not an HTTP request (a pub/sub message, a p2p command): its build
 * (`assets/<key>` in TNS, the library's when its source is one) compiled once by the module cache, then a call in
 * the worker pool (never inline) under its timeout and memory cap, with the host calls an HTTP call has. Its log
 * lines, and the error when the call fails, go where an HTTP call's go.
 */
import { DreamError, errorMessage } from '../../../shared/errors.js'
import { assetKey } from '../../../shared/ids.js'
import type { HttpRequestData, InvokeRequest, WasmRuntime } from '../../../vm/index.js'
import type { TnsClient } from '../../tns/client.js'
import type { FoundFunction } from './found-function.js'
import { libraryIdOf } from './library-source.js'
import type { ModuleCache } from './modules.js'

/** An event call reads no HTTP request: the worker protocol carries one, this empty one. */
const NO_REQUEST: HttpRequestData = {
  method: '',
  host: '',
  path: '',
  rawQuery: '',
  headers: {},
  userAgent: '',
  body: new Uint8Array(0)
}

export interface EventCallParts {
  tns: TnsClient
  branch: () => string
  modules: ModuleCache
  runtime: WasmRuntime
  record: (fn: string, project: string, lines: string[]) => void
}

/** Runs `fn` for one event; resolves with what it wrote, rejects (after recording the error) when it fails. */
export async function callForEvent(
  o: EventCallParts,
  fn: Pick<FoundFunction, 'id' | 'name' | 'project' | 'source' | 'call' | 'memory' | 'timeout'>,
  event: Pick<InvokeRequest, 'pubsub' | 'p2p' | 'host' | 'scope'>
): Promise<Uint8Array> {
  try {
    const cid = await o.tns.fetch<string>(['assets', assetKey(fn.project, libraryIdOf(fn.source) ?? fn.id, o.branch())])
    if (typeof cid !== 'string') throw new DreamError('FUNCTION_LOAD', `function ${fn.name} has no build yet`)
    const compiled = await o.modules.get(cid, fn.memory, fn.name)
    const out = await o.runtime.invoke({
      key: `${fn.id}:${cid}:${fn.memory}`,
      module: compiled.worker,
      call: fn.call,
      timeoutMs: Math.max(1, Math.round(fn.timeout / 1e6)),
      memoryBytes: fn.memory,
      name: fn.name,
      http: NO_REQUEST,
      ...event
    })
    if (out.logs.length > 0) o.record(fn.name, fn.project, out.logs)
    return out.body
  } catch (err) {
    const logs = err instanceof DreamError ? ((err.cause as { logs?: string[] } | undefined)?.logs ?? []) : []
    o.record(fn.name, fn.project, [...logs, `error: ${errorMessage(err)}`])
    throw err
  }
}
