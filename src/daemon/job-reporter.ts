import { buildRows, jobRecord, storedLog, type BuildRow } from '../api/job-rows.js'
import { errorMessage } from '../shared/errors.js'
import { pause } from '../shared/pause.js'
import type { Multiverse } from '../universe/multiverse.js'
import type { Universe } from '../universe/universe.js'

/** How often the daemon's terminal looks for jobs that ended. */
const POLL_MS = 500
const FINAL = new Set(['succeeded', 'failed', 'cancelled'])

/**
 * Prints one line on the daemon's terminal as each job ends:
 * `job <id> (code, hello) succeeded in 0.6 s: 2 functions live at 3f2a1c0`, or `... failed: <first error line>`.
 * Jobs that had ended before it first looked are not repeated. stop() ends its loop.
 */
export class JobReporter {
  readonly #mv: Multiverse
  readonly #print: (line: string) => void
  readonly #abort = new AbortController()
  readonly #reported = new Map<string, Set<string>>()
  #loop: Promise<void> | undefined

  constructor(mv: Multiverse, print: (line: string) => void) {
    this.#mv = mv
    this.#print = print
  }

  start(): void {
    this.#loop ??= this.#run()
  }

  async stop(): Promise<void> {
    this.#abort.abort()
    await this.#loop
  }

  async #run(): Promise<void> {
    while (!this.#abort.signal.aborted) {
      for (const u of this.#mv.all()) {
        if (u.state !== 'running') continue
        await this.#check(u).catch(() => {
          /* a universe being stopped or still joining: next round */
        })
      }
      await pause(POLL_MS, this.#abort.signal)
    }
  }

  async #check(u: Universe): Promise<void> {
    const rows = await buildRows(u)
    let seen = this.#reported.get(u.name)
    const fresh = seen === undefined
    seen ??= new Set()
    this.#reported.set(u.name, seen)
    for (const r of rows.reverse()) {
      const key = `${r.id}/${r.finished ?? 0}`
      if (!FINAL.has(r.status) || seen.has(key)) continue
      seen.add(key)
      if (!fresh && !this.#abort.signal.aborted) this.#print(await describe(u, r))
    }
  }
}

async function describe(u: Universe, r: BuildRow): Promise<string> {
  const took = r.finished !== undefined ? ` in ${((r.finished - r.received) / 1000).toFixed(1)} s` : ''
  const head = `job ${r.id} (${r.type}, ${r.project}) ${r.status}${took}`
  const at = r.commit.slice(0, 7)
  if (r.status === 'succeeded') {
    if (r.type === 'code') return `${head}: ${r.functions} function${r.functions === 1 ? '' : 's'} live at ${at}`
    return `${head}: ${r.type} at ${at} published`
  }
  if (r.status !== 'failed') return head
  try {
    return `${head}: ${firstError(await storedLog(u, await jobRecord(u, r.id))) ?? `see \`dream logs ${r.id}\``}`
  } catch (err) {
    return `${head}: (log unavailable: ${errorMessage(err)})`
  }
}

/**
 * The first error of a job log: after its last "CI/CD Errors:" line, the first line that names a file and line
 * (`path:line:col: message`), else the first line; without its timestamp.
 */
function firstError(log: string): string | undefined {
  const lines = log.split('\n').map(l => l.replace(/^\d{4}-\d\d-\d\dT\S+Z /, ''))
  const errors = lines.slice(lines.lastIndexOf('CI/CD Errors:') + 1).filter(l => l.trim() !== '')
  if (!lines.includes('CI/CD Errors:')) return undefined
  return errors.find(l => /^\S+:\d+:\d+: /.test(l)) ?? errors[0]
}
