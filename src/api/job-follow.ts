import { HoarderClient } from '../services/hoarder/client.js'
import { MonkeyClient } from '../services/monkey/client.js'
import { isFinal, type Job } from '../services/patrick/protocol.js'
import { pause } from '../shared/pause.js'
import type { Universe } from '../universe/universe.js'
import { jobRecord, storedLog } from './job-rows.js'
import { boundedLines } from './stream-bounds.js'

/**
 * Follows one job until it reaches a final state: the running attempt's log lines as the monkey writes them,
 * then whatever the stored log holds beyond what was already seen; patrick and the monkeys are asked every
 * `pollMs`. Returns the final job record. What one poll brings (the whole log so far, for a follower that joins
 * late) goes out bounded (stream-bounds.ts).
 */
export async function followJob(
  u: Universe,
  id: string,
  onLine: (line: string) => void,
  signal: AbortSignal,
  pollMs: number
): Promise<Job | undefined> {
  let sent = 0
  let first: string | undefined
  let attempt: number | undefined
  const emit = (lines: string[]): void => {
    if (lines.length === 0) return
    first ??= lines[0]
    sent += lines.length
    for (const l of boundedLines(lines)) onLine(l)
  }
  while (!signal.aborted) {
    const job = await jobRecord(u, id)
    if (isFinal(job)) {
      await finish(u, job, { sent, first }, emit, onLine)
      return job
    }
    const monkeys = new MonkeyClient(u.clientNode(), u.directory)
    for (const m of monkeys.peers()) {
      let live = await monkeys.liveLog(m, id, attempt === undefined ? 0 : sent).catch(() => undefined)
      if (live?.running !== true) continue
      if (attempt !== undefined && attempt !== live.attempt) {
        // Another attempt began: its log starts over, from its first line.
        onLine(`--- attempt ${(live.attempt ?? 0) + 1} ---`)
        sent = 0
        first = undefined
        live = await monkeys.liveLog(m, id, 0).catch(() => undefined)
        if (live?.running !== true) continue
      }
      if (attempt === undefined && (live.attempt ?? 0) > 0) {
        // Joined during a retry: the earlier attempts' logs are stored already; they come first.
        for (const l of boundedLines(linesOf(await storedLog(u, job)))) onLine(l)
        onLine(`--- attempt ${(live.attempt ?? 0) + 1} ---`)
      }
      attempt = live.attempt
      emit(live.lines ?? [])
      break
    }
    await pause(pollMs, signal)
  }
  return undefined
}

/** The stored log after the live part: the unseen tail of the same run, or every attempt when none was seen. */
async function finish(
  u: Universe,
  job: Job,
  seen: { sent: number; first: string | undefined },
  emit: (l: string[]) => void,
  onLine: (l: string) => void
): Promise<void> {
  const lastCid = job.Logs[job.Id]
  if (seen.first === undefined || lastCid === undefined) {
    emit(linesOf(await storedLog(u, job)))
    return
  }
  const last = linesOf(Buffer.from(await new HoarderClient(u.clientNode(), u.directory).get(lastCid)).toString('utf8'))
  if (last[0] === seen.first) {
    emit(last.slice(seen.sent))
    return
  }
  onLine('--- last attempt ---')
  emit(last)
}

function linesOf(text: string): string[] {
  const lines = text.split('\n')
  if (lines.at(-1) === '') lines.pop()
  return lines
}
