/**
 * Builds at scale: a project of 50 AssemblyScript functions, each answering its own text. push-all builds all 50
 * and all 50 answer. A commit that changes one function builds that one only: the job's log says 49 reused (and
 * from which module), the 49 keep their modules and all 50 answer their text. A commit where one function does
 * not compile fails without a retry, with the error in the log and every other build of the job either done or
 * cancelled, and publishes nothing; the builds it did finish are reused by the next job.
 *
 * AssemblyScript rather than Go (the default language): the bench's `many` section measures both.
 */
import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { Console, ProjectView } from '../../src/console/console.js'
import type { ConsoleSession } from '../../src/console/session.js'
import type { Universe } from '../../src/universe/universe.js'
import {
  addManyFunctions,
  answerOf,
  changeAnswers,
  replaceSource,
  type ManyFunctions
} from '../helpers/many-functions.js'
import { FAILED, SUCCESS, functionId, jobLog, runPush } from '../helpers/pipeline.js'
import { codeJob, consoleFor, httpPort, pushAllAndWait, waitForBody } from '../helpers/serving.js'
import { startUniverse } from '../helpers/universe.js'
import { ROOT } from '../vm/functions.js'

const N = 50

let u: Universe
let c: Console
let s: ConsoleSession
let project: ProjectView
let many: ManyFunctions
/** What each function answers now. */
const answers: Record<string, string> = {}
/** The module of each function id, as the last good job published it. */
let assets: Record<string, string> = {}
/** How many builds the failing job cancelled. */
let cancelled = 0

before(async () => {
  u = await startUniverse({ webhooks: false })
  ;({ console: c, session: s } = await consoleFor(u))
  project = await c.newProject('many')
  many = await addManyFunctions(c, s, project, N, 'assemblyscript')
  for (const name of many.names) answers[name] = answerOf(name, 1)
})
after(async () => {
  await u?.stop()
})

/** Every function answers its current text (polled: a new module is served once the substrate sees it). */
async function allAnswer(): Promise<void> {
  const port = httpPort(u)
  for (const name of many.names) await waitForBody(port, many.fqdn, `/${name}`, answers[name] ?? '')
}

const count = (text: string, re: RegExp): number => (text.match(re) ?? []).length

test('push-all builds the 50 functions, and all 50 answer their own text', { timeout: 600_000 }, async () => {
  const code = codeJob(await pushAllAndWait(u))
  const log = await jobLog(u, code)
  assert.match(log, /50 modules: 0 reused, 50 to build/)
  assert.equal(count(log, /^\S+ build functions\/f\d+: ok /gm), N, log)
  assert.equal(Object.keys(code.AssetCid).length, N)
  assert.equal(new Set(Object.values(code.AssetCid)).size, N, 'fifty different modules')
  assets = code.AssetCid
  await allAnswer()
})

test('a commit that changes one function builds that one; 49 are reused', { timeout: 600_000 }, async () => {
  answers.f7 = answerOf('f7', 2)
  await changeAnswers(s, project, { f7: answers.f7 })
  const [job] = await runPush(u, 'push-code')
  assert.ok(job !== undefined)
  const log = await jobLog(u, job)
  assert.equal(job.Status, SUCCESS, log)
  assert.match(log, /50 modules: 49 reused, 1 to build/)
  assert.match(log, /build functions\/f7: ok/)
  assert.equal(count(log, /^\S+ build functions\/f\d+: ok /gm), 1, log)
  const f7 = await functionId(u, project.id, 'f7')
  for (const [id, cid] of Object.entries(assets)) {
    if (id === f7) assert.notEqual(job.AssetCid[id], cid, 'f7 has a new module')
    else {
      assert.equal(job.AssetCid[id], cid, 'an unchanged function keeps its module')
      assert.ok(log.includes(`: reused ${cid} (content `), `the log names the reused module ${cid}`)
    }
  }
  assets = job.AssetCid
  await allAnswer()
})

test('a function that does not compile fails the job at once; nothing is published', { timeout: 600_000 }, async () => {
  const changed = ['f10', 'f11', 'f12', 'f13', 'f14']
  await changeAnswers(s, project, Object.fromEntries(changed.map(n => [n, answerOf(n, 3)])))
  await replaceSource(s, project, 'f3', 'export function ping(): u32 {\n  return nope\n}\n')
  const [job] = await runPush(u, 'push-code')
  assert.ok(job !== undefined)
  const log = await jobLog(u, job)
  assert.equal(job.Status, FAILED, log)
  assert.equal(job.Attempt, 1, 'a compile error is not retried: it would fail again')
  assert.match(log, /50 modules: 44 reused, 6 to build/)
  assert.match(log, /build functions\/f3: failed/)
  assert.match(log, /functions\/f3\/ping_pong\.ts:2:\d+: error AS\d+/)
  // Each of the five good builds either finished before the failure or was cancelled by it.
  const done = count(log, /^\S+ build functions\/f1[0-4]: ok /gm)
  cancelled = Number(/(\d+) other build\(s\) cancelled/.exec(log)?.[1] ?? 0)
  assert.equal(done + cancelled, changed.length, log)
  assert.deepEqual(job.AssetCid, {}, 'a failed job publishes nothing')
  await allAnswer()
})

test('the fix builds the broken function and the cancelled ones only', { timeout: 600_000 }, async () => {
  const template = await readFile(join(ROOT, 'templates', 'ping_pong', 'assemblyscript', 'ping_pong.ts'), 'utf8')
  await replaceSource(s, project, 'f3', template.replace('"PONG"', JSON.stringify(answerOf('f3', 4))))
  const [job] = await runPush(u, 'push-code')
  assert.ok(job !== undefined)
  const log = await jobLog(u, job)
  assert.equal(job.Status, SUCCESS, log)
  const built = 1 + cancelled
  assert.match(log, new RegExp(`50 modules: ${N - built} reused, ${built} to build`))
  for (const n of ['f10', 'f11', 'f12', 'f13', 'f14']) answers[n] = answerOf(n, 3)
  answers.f3 = answerOf('f3', 4)
  await allAnswer()
})
