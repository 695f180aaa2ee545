/**
 * A minimal `wasi_snapshot_preview1` for function modules (Go's wasip1 reactors need it; AssemblyScript modules
 * import none of it). A function has no files, arguments or environment: stdout/stderr lines go to the call's
 * log, clocks and randomness are real, `poll_oneoff` sleeps for clock subscriptions (a worker may block; the
 * caller's timeout ends it), `proc_exit` is a trap, and everything else answers ENOSYS or EBADF. On the caller's
 * own thread (inline calls) nothing may block: a sleep throws WouldBlock, and the call goes to a worker instead.
 */
import { randomFillSync } from 'node:crypto'
import type { GuestMemory } from './guest-memory.js'
import { GuestAbort } from './host-env.js'

const SUCCESS = 0
const EBADF = 8
const EINVAL = 28
const ENOSYS = 52
const CHARACTER_DEVICE = 2
/** Subscription (48 bytes) and event (32 bytes) layouts of poll_oneoff, as wasi_snapshot_preview1 defines them. */
const SUB_SIZE = 48
const EVENT_SIZE = 32
const EVENTTYPE_CLOCK = 0
const ABSTIME = 1

interface WasiContext {
  mem: GuestMemory
  logs: string[]
}

/** A guest asked to sleep where it must not block (an inline call). */
class WouldBlock extends Error {}
type Fn = (...a: never[]) => unknown
/** The imports, and `flush` to log a last line written without its newline (call it when a call ends). */
interface Wasi {
  imports: Record<string, Fn>
  flush: () => void
}

/** Nanoseconds for a WASI clock id: 0 realtime, 1 monotonic, 2/3 CPU time (answered with monotonic time). */
function now(id: number): bigint | undefined {
  if (id === 0) return BigInt(Date.now()) * 1_000_000n
  if (id >= 1 && id <= 3) return process.hrtime.bigint()
  return undefined
}

function sleepMs(ms: number): void {
  if (ms > 0) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms)
}

/** `names` are what the module imports: each gets a function, unknown ones ENOSYS. */
export function wasiImports(ctx: WasiContext, names: string[], o: { mayBlock: boolean }): Wasi {
  // Go's runtime writes a line in pieces (`panic: `, `boom`, `\n`): output is cut into lines here, each stream
  // on its own (stdout's unfinished line and a stderr line are two lines, never joined).
  const partial = ['', '']
  const flush = (): void => {
    for (const i of [0, 1]) {
      if (partial[i] !== '') ctx.logs.push(partial[i] ?? '')
      partial[i] = ''
    }
  }
  const dv = (): DataView => {
    const b = ctx.mem.bytes(0, 0)
    return new DataView(b.buffer)
  }
  const emptyList = (countPtr: number, sizePtr: number): number => {
    ctx.mem.setU32(countPtr, 0)
    ctx.mem.setU32(sizePtr, 0)
    return SUCCESS
  }
  const impl: Record<string, Fn> = {
    args_sizes_get: emptyList,
    args_get: () => SUCCESS,
    environ_sizes_get: emptyList,
    environ_get: () => SUCCESS,
    fd_write: (fd: number, iovs: number, count: number, nwritten: number) => {
      if (fd !== 1 && fd !== 2) return EBADF
      let text = ''
      let total = 0
      for (let i = 0; i < count; i++) {
        ctx.mem.check(iovs + i * 8, 8)
        const ptr = dv().getUint32(iovs + i * 8, true)
        const len = dv().getUint32(iovs + i * 8 + 4, true)
        text += ctx.mem.string(ptr, len)
        total += len
      }
      const lines = (partial[fd - 1] + text).split('\n')
      partial[fd - 1] = lines.pop() ?? ''
      for (const line of lines) if (line !== '') ctx.logs.push(line)
      ctx.mem.setU32(nwritten, total)
      return SUCCESS
    },
    fd_read: () => EBADF,
    fd_close: () => EBADF,
    fd_prestat_get: () => EBADF, // no preopened directories
    fd_prestat_dir_name: () => EBADF,
    fd_fdstat_set_flags: () => SUCCESS,
    fd_fdstat_get: (fd: number, out: number) => {
      if (fd > 2) return EBADF
      ctx.mem.write(out, new Uint8Array(24))
      dv().setUint8(out, CHARACTER_DEVICE)
      return SUCCESS
    },
    proc_exit: (code: number) => {
      throw new GuestAbort(`proc_exit(${code})`)
    },
    sched_yield: () => SUCCESS,
    random_get: (ptr: number, len: number) => {
      randomFillSync(ctx.mem.bytes(ptr, len))
      return SUCCESS
    },
    clock_res_get: (id: number, out: number) => {
      if (now(id) === undefined) return EINVAL
      ctx.mem.check(out, 8)
      dv().setBigUint64(out, 1000n, true)
      return SUCCESS
    },
    clock_time_get: (id: number, _precision: bigint, out: number) => {
      const t = now(id)
      if (t === undefined) return EINVAL
      ctx.mem.check(out, 8)
      dv().setBigUint64(out, t, true)
      return SUCCESS
    },
    // Only clock subscriptions can be met (there are no files): sleep until the earliest, report them all.
    poll_oneoff: (subs: number, events: number, count: number, neventsPtr: number) => {
      if (count === 0) return EINVAL
      ctx.mem.check(subs, count * SUB_SIZE)
      ctx.mem.check(events, count * EVENT_SIZE)
      let waitNs: bigint | undefined
      let n = 0
      for (let i = 0; i < count; i++) {
        const s = subs + i * SUB_SIZE
        const e = events + n * EVENT_SIZE
        const view = dv()
        const userdata = view.getBigUint64(s, true)
        const tag = view.getUint8(s + 8)
        ctx.mem.write(e, new Uint8Array(EVENT_SIZE))
        view.setBigUint64(e, userdata, true)
        view.setUint8(e + 10, tag)
        n++
        if (tag !== EVENTTYPE_CLOCK) {
          view.setUint16(e + 8, ENOSYS, true)
          continue
        }
        const clock = view.getUint32(s + 16, true)
        const timeout = view.getBigUint64(s + 24, true)
        const absolute = (view.getUint16(s + 40, true) & ABSTIME) !== 0
        const base = now(clock)
        if (base === undefined) {
          view.setUint16(e + 8, EINVAL, true)
          continue
        }
        const ns = absolute ? timeout - base : timeout
        waitNs = waitNs === undefined || ns < waitNs ? ns : waitNs
      }
      if (waitNs !== undefined && waitNs > 0n) {
        if (!o.mayBlock) throw new WouldBlock('the function sleeps; it runs in a worker')
        sleepMs(Number(waitNs / 1_000_000n))
      }
      ctx.mem.setU32(neventsPtr, n)
      return SUCCESS
    }
  }
  const imports: Record<string, Fn> = {}
  for (const name of names) imports[name] = impl[name] ?? (() => ENOSYS)
  return { imports, flush }
}
