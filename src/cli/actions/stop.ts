import { readFileSync } from 'node:fs'
import { DreamError } from '../../shared/errors.js'
import type { ApiClient } from '../api-client.js'
import { json, line, type Io } from '../output.js'

/** How long `dream stop` waits for the daemon to have stopped every universe and exited. */
const STOPPED_WITHIN_MS = 60_000
const POLL_MS = 100

/** `dream stop`: asks the running dream to stop through the control API and waits until its process has exited. */
export async function stop(io: Io, api: ApiClient, o: { json?: boolean }): Promise<void> {
  const { pid } = await api.post<{ pid?: number }>('/stop', {})
  const deadline = Date.now() + STOPPED_WITHIN_MS
  while (Date.now() < deadline) {
    if (!(pid !== undefined ? alive(pid) : await answers(api))) {
      if (o.json === true) json(io, { stopped: true, api: api.base, ...(pid !== undefined ? { pid } : {}) })
      else line(io, `dream on ${api.base}${pid !== undefined ? ` (pid ${pid})` : ''} stopped`)
      return
    }
    await new Promise(resolve => setTimeout(resolve, POLL_MS))
  }
  throw new DreamError(
    'STOP_TIMEOUT',
    `the dream on ${api.base} accepted the stop request but still answers after ${STOPPED_WITHIN_MS / 1000} s`,
    { expose: true }
  )
}

/** True while `pid` runs; an exited process its parent has not reaped yet (a zombie, on Linux) counts as gone. */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0)
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM'
  }
  try {
    return !/\) Z /.test(readFileSync(`/proc/${pid}/stat`, 'utf8'))
  } catch {
    return true
  }
}

async function answers(api: ApiClient): Promise<boolean> {
  try {
    await api.get('/ping')
    return true
  } catch (err) {
    if (err instanceof DreamError && err.code === 'DAEMON_NOT_RUNNING') return false
    throw err
  }
}
