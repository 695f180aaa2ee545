/**
 * Invoke worker: runs guest calls off the caller's thread, so a looping function only blocks this worker
 * (the runtime terminates it on timeout). Keeps modules by key and one warm instance per key.
 */
import { parentPort, workerData } from 'node:worker_threads'
import { goRuntimeFailure } from './go-runtime-failure.js'
import { GuestAbort } from './host-env.js'
import { ResponseTooLarge } from './http-event.js'
import { OutOfBounds } from './guest-memory.js'
import { WorkerBridge } from './host-bridge.js'
import { UnsupportedImport, WarmInstance } from './instance.js'
import { readOomSites, trapOffset } from './oom-sites.js'
import type { InvokeMessage, InvokeReply, FailureKind, WorkerHello, WorkerPublish } from './protocol.js'
import { Errno } from './errno.js'
import { currentThreadId } from './thread-priority.js'
import { readTrapSources, trapLocation, type TrapSources } from './trap-location.js'
import { isRuntimeError, type WasmModule } from './webassembly.js'

const port = parentPort
if (port === null) throw new Error('invoke-worker must run in a worker thread')
const thread = currentThreadId()
if (thread !== undefined) port.postMessage({ thread } satisfies WorkerHello)
const bridge = new WorkerBridge((m, transfer) => {
  port.postMessage(m, transfer)
})
const host = bridge.call.bind(bridge)
const deadline = (): number => bridge.deadline
/** The node's version counters (host-versions.ts), which say when a kept host call answer still holds. */
const versions = new Int32Array((workerData as { versions: SharedArrayBuffer }).versions)

interface Entry {
  module: WasmModule
  oomSites: Set<number>
  sources: TrapSources
  instance?: WarmInstance
}
const cache = new Map<string, Entry>()
/** The call under way, which a publish belongs to. */
let running = 0
/** Fire and forget: the runtime hands the message to the substrate's channels. */
const publish = (channel: string, data: Uint8Array): number => {
  port.postMessage({ publish: { id: running, channel, data } } satisfies WorkerPublish, [data.buffer as ArrayBuffer])
  return Errno.None
}

function classify(
  err: unknown,
  entry: Entry,
  inst: WarmInstance | undefined,
  cap: number
): { kind: FailureKind; message: string } {
  if (err instanceof UnsupportedImport) return { kind: 'load', message: err.message }
  if (err instanceof ResponseTooLarge) return { kind: 'response', message: err.message }
  const msg = err instanceof Error ? err.message : String(err)
  if (err instanceof RangeError && /memory/i.test(msg)) return { kind: 'memory', message: msg }
  if (isRuntimeError(err)) {
    const off = trapOffset(err)
    if (off !== undefined && entry.oomSites.has(off)) return { kind: 'memory', message: `memory.grow failed (${msg})` }
    // Without recorded sites (module not built by compileModule): a trap with memory at the cap.
    if (entry.oomSites.size === 0 && inst !== undefined && msg === 'unreachable' && inst.memoryBytes + 65536 > cap)
      return { kind: 'memory', message: msg }
    return { kind: 'trap', message: msg }
  }
  if (err instanceof GuestAbort || err instanceof OutOfBounds) return { kind: 'trap', message: msg }
  return { kind: 'trap', message: err instanceof Error ? `${err.name}: ${msg}` : msg }
}

function handle(m: InvokeMessage): { reply: InvokeReply; transfer: ArrayBuffer[] } {
  for (const k of m.drop ?? []) cache.delete(k)
  let entry = cache.get(m.key)
  if (entry === undefined) {
    if (m.module === undefined)
      return { reply: { id: m.id, ok: false, kind: 'miss', message: 'module not cached', logs: [] }, transfer: [] }
    entry = { module: m.module, oomSites: readOomSites(m.module), sources: readTrapSources(m.module) }
    cache.set(m.key, entry)
  }
  const t0 = performance.now()
  running = m.id
  let inst = entry.instance
  const logs: string[] = []
  try {
    if (inst === undefined) {
      inst = new WarmInstance(entry.module, { mayBlock: true, host, deadline, publish, versions })
      entry.instance = inst
    }
    inst.logs = logs
    inst.scope = m.scope
    inst.hostEpoch = m.hostEpoch
    bridge.deadline = Date.now() + m.timeoutMs
    if (!inst.hasExport(m.call)) {
      return {
        reply: { id: m.id, ok: false, kind: 'export', message: `function ${m.name} does not export "${m.call}"`, logs },
        transfer: []
      }
    }
    const r = inst.call(m.call, m.http, m.pubsub, m.p2p)
    // tau: an instance holding more than 2/3 of its cap after a call is dropped rather than reused.
    if (!inst.managesHeap && inst.memoryBytes > (m.memoryBytes * 2) / 3) entry.instance = undefined
    const reply: InvokeReply = { id: m.id, ok: true, ...r, logs, durationMs: performance.now() - t0 }
    return { reply, transfer: [r.body.buffer as ArrayBuffer] }
  } catch (err) {
    entry.instance = undefined // never reuse an instance whose call trapped half-way
    let { kind, message } = classify(err, entry, inst, m.memoryBytes)
    const go = kind === 'trap' ? goRuntimeFailure(logs) : undefined
    if (go?.memory === true) kind = 'memory'
    // The SDK's abort handler logs "abort: ..." before `unreachable`, Go's runtime "panic: ...": attach it.
    const abort = [...logs].reverse().find(l => l.startsWith('abort: ')) ?? go?.detail
    let text = abort !== undefined && !message.startsWith('abort: ') ? `${message} (${abort})` : message
    const where = kind === 'trap' ? trapLocation(err, entry.sources) : undefined
    if (where !== undefined) text += ` ${where}`
    return { reply: { id: m.id, ok: false, kind, message: text, logs }, transfer: [] }
  }
}

port.on('message', (m: InvokeMessage) => {
  const { reply, transfer } = handle(m)
  port.postMessage(reply, transfer)
})
