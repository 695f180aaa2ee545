/**
 * Where the time of a push goes: the jobs of one push, read back from the daemon's API (patrick's received and
 * finished times, and the job logs, whose lines are timestamped by the monkey), as milliseconds since the push.
 * Only for the bench's progress output: the machine is shared, so phases are compared within one run.
 */
import { ApiClient } from '../../src/cli/api-client.js'
import type { BuildRow } from '../../src/api/job-rows.js'

/** Log lines left out of the timeline: the list of reused modules and of the paths a batch published. */
const QUIET = [/: reused /, /^ {2}\//, /^ {2}(stored|cid|tns version)/]

/** One point: milliseconds since the push, and what happened. */
export interface Mark {
  at: number
  what: string
}

/** The marks of every job of `project` received at or after `t0` (epoch ms), oldest first. */
export async function jobTimeline(apiPort: number, universe: string, project: string, t0: number): Promise<Mark[]> {
  const api = new ApiClient(apiPort)
  const { jobs } = await api.get<{ jobs: BuildRow[] }>(`/builds/${universe}?project=${encodeURIComponent(project)}`)
  const marks: Mark[] = []
  for (const j of jobs.filter(j => j.received >= t0)) {
    const tag = `${j.type} job`
    marks.push({ at: j.received - t0, what: `${tag}: received by patrick` })
    if (j.finished !== undefined) marks.push({ at: j.finished - t0, what: `${tag}: ${j.status} (patrick)` })
    const log = await fetch(`http://127.0.0.1:${apiPort}/logs/${universe}/${j.id}`).then(async r => await r.text())
    for (const line of log.split('\n')) {
      const m = /^(\d{4}-\d\d-\d\dT[\d:.]+Z) (.*)$/.exec(line)
      if (m === null || QUIET.some(q => q.test(m[2] ?? ''))) continue
      marks.push({ at: Date.parse(m[1] ?? '') - t0, what: `${tag}: ${(m[2] ?? '').slice(0, 110)}` })
    }
  }
  return marks.sort((a, b) => a.at - b.at)
}

/** The marks as lines: `+1234 ms  what`. */
export function formatTimeline(marks: Mark[]): string {
  return marks.map(m => `${`+${Math.round(m.at)}`.padStart(7)} ms  ${m.what}`).join('\n')
}
