import { DreamError } from '../../shared/errors.js'
import type { ApiClient } from '../api-client.js'
import { json, line, type Io } from '../output.js'

/** How long `dream stop` waits for the daemon to have closed its API (every universe stops before it). */
const STOPPED_WITHIN_MS = 60_000
const POLL_MS = 100

/** `dream stop`: asks the running dream to stop through the control API and waits until it has. */
export async function stop (io: Io, api: ApiClient, o: { json?: boolean }): Promise<void> {
  await api.post('/stop', {})
  const deadline = Date.now() + STOPPED_WITHIN_MS
  while (Date.now() < deadline) {
    try {
      await api.get('/ping')
    } catch (err) {
      if (err instanceof DreamError && err.code === 'DAEMON_NOT_RUNNING') {
        if (o.json === true) json(io, { stopped: true, api: api.base })
        else line(io, `dream on ${api.base} stopped`)
        return
      }
      throw err
    }
    await new Promise(resolve => setTimeout(resolve, POLL_MS))
  }
  throw new DreamError('STOP_TIMEOUT', `the dream on ${api.base} accepted the stop request but still answers after ${STOPPED_WITHIN_MS / 1000} s`, { expose: true })
}
