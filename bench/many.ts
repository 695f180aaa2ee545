/**
 * Builds at scale: a project of 50 functions, each answering its own text (test/helpers/many-functions.ts), in Go
 * (the default language) and in AssemblyScript. `dream inject push-all --wait` until all 50 answer their text:
 * first when none of them was built before, then after a commit that changes one function (which alone is built;
 * the 49 others reuse their modules). The daemon runs as a process with a temporary HOME; a one-function project
 * per language first fills the Go caches and starts the AssemblyScript compiler, so that "none built before"
 * measures the 50 builds, not the toolchain's first run. The baseline, in the same run: push-all → served of a
 * one-function project (one build).
 */
import type { ConsoleSession } from '../src/console/session.js'
import { Console, type ProjectView } from '../src/console/console.js'
import type { TemplateLanguage } from '../src/console/templates.js'
import { ApiClient } from '../src/cli/api-client.js'
import { DEFAULT_UNIVERSE } from '../src/shared/defaults.js'
import { addManyFunctions, answerOf, changeAnswers } from '../test/helpers/many-functions.js'
import { waitForBody } from '../test/helpers/serving.js'
import { formatTimeline, jobTimeline, type Mark } from './lib/job-timeline.js'
import { since, type BenchContext, type Row } from './lib/section.js'
import { startDream, type Dream } from './serving.js'

export const title = 'many: 50 functions in one project, push-all --wait → all 50 served'
export const order = 50

const N = 50
const LANGUAGES: Array<{ language: TemplateLanguage; label: string; short: string }> = [
  { language: 'go', label: 'Go', short: 'go' },
  { language: 'assemblyscript', label: 'AssemblyScript', short: 'as' }
]

interface Project {
  view: ProjectView
  fqdn: string
  names: string[]
  /** What each function answers now. */
  answers: Record<string, string>
}

/** A new project of `n` functions, each answering a text of its own (tagged with the project's name). */
async function newProject(
  c: Console,
  s: ConsoleSession,
  name: string,
  n: number,
  language: TemplateLanguage
): Promise<Project> {
  const view = await c.newProject(name)
  const many = await addManyFunctions(c, s, view, n, language, `${name} `)
  const answers = Object.fromEntries(many.names.map(f => [f, answerOf(f, 1, `${name} `)]))
  return { view, fqdn: many.fqdn, names: many.names, answers }
}

/**
 * push-all --wait, then every function of `p` answers its text: the milliseconds from the push on. With `timeline`,
 * where they went (job-timeline.ts) goes to the progress output.
 */
async function pushServed(
  d: Dream,
  port: number,
  p: Project,
  timeline?: { ctx: BenchContext; changed: string }
): Promise<number> {
  const wall = Date.now()
  const t0 = performance.now()
  await d.cli('inject', 'push-all', '--project', p.view.name, '--wait')
  const marks: Mark[] = [{ at: since(t0), what: 'push-all --wait returned' }]
  for (const f of p.names) {
    await waitForBody(port, p.fqdn, `/${f}`, p.answers[f] ?? '', 120_000)
    if (f === 'f0' || f === timeline?.changed) marks.push({ at: since(t0), what: `${f} served` })
  }
  const total = since(t0)
  if (timeline !== undefined) {
    marks.push({ at: total, what: `all ${p.names.length} served` })
    const jobs = await jobTimeline(d.apiPort, DEFAULT_UNIVERSE, p.view.name, wall)
    timeline.ctx.progress(`timeline:\n${formatTimeline([...jobs, ...marks].sort((a, b) => a.at - b.at))}`)
  }
  return total
}

/** The rows of one language: the baseline, 50 functions none built before, 50 with one changed. */
async function language(
  ctx: BenchContext,
  d: Dream,
  s: ConsoleSession,
  port: number,
  lang: { language: TemplateLanguage; label: string; short: string }
): Promise<Row[]> {
  const c = new Console(s)
  const { label, short } = lang
  ctx.progress(`${label}: a one-function project first (fills the Go caches, starts the compiler)`)
  await pushServed(d, port, await newProject(c, s, `${short}warm`, 1, lang.language))
  const one: number[] = []
  for (let i = 0; i < ctx.runs; i++) {
    one.push(await pushServed(d, port, await newProject(c, s, `${short}one${i}`, 1, lang.language)))
  }
  ctx.progress(`${label}: ${N} functions, none built before`)
  const p = await newProject(c, s, `${short}many`, N, lang.language)
  const cold = await pushServed(d, port, p)
  ctx.progress(`${label}: ${N} functions served in ${cold.toFixed(0)} ms`)
  const changed: number[] = []
  for (let i = 0; i < ctx.runs; i++) {
    const f = p.names[(7 * (i + 1)) % N] ?? 'f0'
    p.answers[f] = answerOf(f, i + 2, `${p.view.name} `)
    await changeAnswers(s, p.view, { [f]: p.answers[f] })
    changed.push(await pushServed(d, port, p, { ctx, changed: f }))
    ctx.progress(`${label}: ${f} changed, all ${N} served in ${changed.at(-1)?.toFixed(0) ?? '?'} ms`)
  }
  return [
    { measure: `baseline: ${label}, one function, push-all → served (one build)`, unit: 'ms', samples: one },
    {
      measure: `${label}: ${N} functions, push-all → all served, none built before`,
      unit: 'ms',
      samples: [cold],
      target: 30_000
    },
    {
      measure: `${label}: ${N} functions, one changed, push-all → all served (49 reused)`,
      unit: 'ms',
      samples: changed,
      target: 5_000
    }
  ]
}

export async function run(ctx: BenchContext): Promise<Row[]> {
  const rows: Row[] = []
  let dream: Dream | undefined
  try {
    dream = await startDream()
    const d = dream
    const session = await new ApiClient(d.apiPort).get<ConsoleSession>(`/console/${DEFAULT_UNIVERSE}`)
    const status = JSON.parse((await d.cli('status', 'substrate', '--json')).stdout) as { value: { http: number } }
    for (const lang of LANGUAGES) rows.push(...(await language(ctx, d, session, status.value.http, lang)))
  } finally {
    await dream?.cleanup()
  }
  return rows
}
