/**
 * Taking one thread off the CPU's foreground (Linux, where a thread is a task with its own id and scheduling
 * policy). The runtime does this to a worker whose call runs long, so that a function spinning in a loop runs
 * only when the node's own thread and quick calls leave a CPU idle.
 *
 * SCHED_IDLE is what does that: a waking normal thread preempts an idle-policy one at once, whereas with only a
 * lower nice value the spinner keeps the CPU for the rest of its time slice at every wakeup of the node's
 * thread (measured here, 2 vCPUs, kernel 6.18: a spinning worker at nice 19 halved a node:http server's
 * throughput, as much as at nice 0; under SCHED_IDLE it cost a fifth). Node has no call for it, so util-linux's
 * `chrt` sets it; without `chrt` the thread gets nice 19. Going back needs privilege an ordinary user lacks, so
 * a lowered worker is replaced after its call instead of raised again.
 */
import { execFile } from 'node:child_process'
import { readlinkSync } from 'node:fs'
import { setPriority } from 'node:os'

/** The calling thread's kernel id (`/proc/thread-self` links to `<pid>/task/<tid>`), or undefined. */
export function currentThreadId(): number | undefined {
  try {
    const tid = Number(readlinkSync('/proc/thread-self').split('/').pop())
    return Number.isInteger(tid) && tid > 0 ? tid : undefined
  } catch {
    return undefined
  }
}

/** How a thread was lowered: the idle policy, nice 19 only, or not at all. */
export type Lowered = 'idle' | 'nice' | 'no'

/** Puts thread `tid` (of this process) under SCHED_IDLE, or at nice 19 when that cannot be done. */
export async function lowerThread(tid: number): Promise<Lowered> {
  const idle = await new Promise<boolean>(resolve => {
    execFile('chrt', ['--idle', '--pid', '0', String(tid)], { timeout: 5_000 }, err => {
      resolve(err === null)
    })
  })
  if (idle) return 'idle'
  try {
    setPriority(tid, 19)
    return 'nice'
  } catch {
    return 'no'
  }
}
