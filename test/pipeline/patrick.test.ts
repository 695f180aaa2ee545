/**
 * patrick gives each job to exactly one monkey even when several run; a job whose monkey
 * disappears is given to another; at most 2 attempts.
 *
 * The hand-over test is made deterministic without sleeping: the monkeys are real MonkeyServices whose libp2p node
 * is wrapped so that some of their dials pass a Gate the test holds. Monkey A cannot reach patrick until its gate
 * opens, so the newest monkey, B, takes the jobs; B's dials to hoarder are held, so its jobs stay "running" for as
 * long as the test wants. Breaking B's gate makes every further dial fail, as if the node had dropped off the
 * network, so the killed monkey never reports back and patrick must notice that it left.
 * The same universe then gets a second ordinary monkey for the "N jobs, each run once" test (one cold compiler less).
 * patrick re-checks assignments and the monkeys poll every 200 ms (settings), not every 2 s: a lost monkey is
 * noticed, and an opened gate used, sooner.
 */
import { after, before, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { monkey } from '../../src/services/monkey/index.js'
import { PatrickClient } from '../../src/services/patrick/client.js'
import type { Job } from '../../src/services/patrick/job.js'
import { JobQueue } from '../../src/services/patrick/queue.js'
import { JobStore } from '../../src/services/patrick/job-store.js'
import { DEFAULT_SERVICES, type ServiceFactory } from '../../src/services/types.js'
import type { Universe } from '../../src/universe/universe.js'
import { tempDir } from '../helpers/githost.js'
import {
  Gate,
  SUCCESS,
  finalJobs,
  gatedNode,
  jobInfo,
  jobLog,
  pingPongProject,
  queuePush,
  runningOn,
  runsOf,
  waitFor
} from '../helpers/pipeline.js'
import { startUniverse } from '../helpers/universe.js'

describe('two monkeys (one universe; the tests run in order)', () => {
  let u: Universe
  // Monkey A's dials to patrick are held (it cannot dequeue) until the test opens its gate; monkey B's dials to
  // hoarder are held, so its jobs cannot finish. Monkeys after the first two get an open gate.
  const gates = [new Gate(['/patrick/v1']), new Gate(['/hoarder/v1'])]
  let made = 0
  const monkeyInit = { pollMs: 200 }
  const gatedMonkey: ServiceFactory = components => {
    const gate = gates[made++] ?? new Gate([], 'open')
    return monkey(monkeyInit)({ ...components, node: gatedNode(components.node, gate) })
  }

  before(async () => {
    // No monkey at start: the test adds them one by one, so it knows which is the newest (the one `kill` stops).
    u = await startUniverse({
      webhooks: false,
      services: DEFAULT_SERVICES.filter(s => s !== 'monkey'),
      factories: { monkey: gatedMonkey },
      settings: { patrick: { reannounceMs: 200 }, monkey: monkeyInit }
    })
    await pingPongProject(u, 'relay')
  })
  after(async () => {
    for (const g of gates) if (g.state === 'closed') g.open()
    await u?.stop()
  })

  test('a monkey that disappears mid-job: its jobs go to the other monkey, second attempts, and succeed', async () => {
    const [gateA, gateB] = gates as [Gate, Gate]
    const [a] = await u.addService('monkey')
    const [b] = await u.addService('monkey')
    assert.ok(a !== undefined && b !== undefined)

    // A push: A cannot reach patrick, so B (two slots) takes both jobs; they run until they need hoarder, and wait.
    const ids = await queuePush(u, 'push-all')
    assert.equal(ids.length, 2)
    await waitFor(
      'monkey B to run both jobs',
      async () => {
        const running = await runningOn(u, b.peerId)
        return ids.every(id => running.includes(id))
      },
      { timeoutMs: 60_000 }
    )
    assert.deepEqual(await runningOn(u, a.peerId), [])
    // patrick records the assignment for B only (isAssigned answers true to the assigned peer alone; asked from the
    // monkeys' real nodes, which the gates do not wrap).
    const nodeOf = (peerId: string): NonNullable<ReturnType<Universe['runner']>>['node'] => {
      const r = u.runners().find(x => x.entry.peerId === peerId)
      assert.ok(r !== undefined)
      return r.node
    }
    const assigned = async (peerId: string, jid: string): Promise<boolean> =>
      await new PatrickClient(nodeOf(peerId), u.directory).isAssigned(jid)
    for (const id of ids) {
      assert.equal(await assigned(b.peerId, id), true)
      assert.equal(await assigned(a.peerId, id), false)
      assert.equal((await jobInfo(u, id)).Attempt, 0)
    }

    // B vanishes mid-job: its dials fail from now on (it can never report), and `kill` stops the newest monkey, B.
    gateB.break()
    await u.kill('monkey')
    assert.deepEqual(
      u.directory.byRole('monkey').map(m => m.peerId),
      [a.peerId]
    )

    // patrick notices the assigned monkey is gone: the attempt is spent and each job is queued again.
    await waitFor(
      'patrick to requeue the lost jobs',
      async () => {
        const jobs = await Promise.all(ids.map(async id => await jobInfo(u, id)))
        return jobs.every(j => j.Attempt === 1 && j.Status === 'open')
      },
      { timeoutMs: 30_000 }
    )

    // A may reach patrick now: it takes both jobs and builds them.
    gateA.open()
    const jobs = await finalJobs(u, ids)
    for (const j of jobs) {
      const log = await jobLog(u, j)
      assert.equal(j.Status, SUCCESS, log)
      assert.equal(j.Attempt, 2, 'the lost run counts as an attempt')
      assert.match(log, new RegExp(`\\(attempt 2\\) on monkey ${a.peerId}`))
      assert.equal(await runsOf(u, j.Id), 1, 'only the run that finished stored a log')
    }
  })

  test('with two monkeys, every one of N jobs runs exactly once and succeeds', async () => {
    // A second monkey joins A (its gate is open: gates were only for the first two monkeys).
    await u.addService('monkey')
    const monkeys = u.directory.byRole('monkey').map(m => m.peerId)
    assert.equal(monkeys.length, 2)
    // Three emulated pushes of both repos, queued at once: six jobs for two monkeys of two slots each.
    const ids: string[] = []
    for (let i = 0; i < 3; i++) ids.push(...(await queuePush(u, 'push-all')))
    assert.equal(new Set(ids).size, 6)
    const jobs = await finalJobs(u, ids)
    for (const j of jobs) {
      const log = await jobLog(u, j)
      assert.equal(j.Status, SUCCESS, log)
      assert.equal(j.Attempt, 1, `job ${j.Id} took one attempt`)
      const ranOn = /\(attempt 1\) on monkey (\S+)/.exec(log)?.[1]
      assert.ok(ranOn !== undefined && monkeys.includes(ranOn), `job ${j.Id} ran on one of the monkeys`)
      // Each run stores one log in hoarder: one log means one run.
      assert.equal(await runsOf(u, j.Id), 1, `job ${j.Id} ran once`)
    }
  })

  test('a job whose monkey cannot store its log is still reported, not left open forever', async () => {
    // Runs last in this universe: without a hoarder no log can be stored.
    await u.kill('hoarder')
    const [id] = (await queuePush(u, 'push-config')) as [string]
    const final = await waitFor(
      'the job to be final',
      async () => {
        const j = await jobInfo(u, id)
        return j.Status === 'succeeded' || j.Status === 'cancelled' || (j.Status === 'failed' && j.Attempt >= 2)
          ? j
          : undefined
      },
      { timeoutMs: 10_000 }
    )
    assert.notEqual(final.Status, 'open')
  })
})

describe("the job queue (patrick's state machine)", () => {
  let tmp: Awaited<ReturnType<typeof tempDir>>
  let store: JobStore
  let queue: JobQueue
  const job = (id: string): Job => ({
    Id: id,
    Timestamp: 0,
    Status: 'open',
    Logs: {},
    AssetCid: {},
    Attempt: 0,
    ProjectId: 'P',
    Received: 0,
    Meta: {
      ref: 'refs/heads/main',
      before: '',
      after: 'a',
      head_commit: { id: 'a' },
      Repository: { id: 1, provider: 'github', ssh_url: '', uri: '', default_branch: 'main', pushed_at: 0 }
    }
  })
  before(async () => {
    tmp = await tempDir('dream-queue-')
    store = new JobStore(join(tmp.path, 'patrick.json'))
    await store.open()
    queue = new JobQueue(store, { maxAttempts: 2 })
  })
  after(async () => {
    await store.close()
    await tmp.cleanup()
  })

  test('concurrent dequeues hand a job to one caller only', async () => {
    await store.create(job('one'))
    queue.push('one')
    queue.push('one')
    const got = await Promise.all(['m1', 'm2', 'm3'].map(async m => await queue.dequeue(m)))
    assert.equal(got.filter(j => j !== undefined).length, 1)
    assert.equal(store.assignment('one')?.peer, ['m1', 'm2', 'm3'][got.findIndex(j => j !== undefined)])
    // Only the assigned peer may report.
    await assert.rejects(
      queue.done('one', 'someone-else', {}, {}),
      (e: { code?: string }) => e.code === 'JOB_NOT_ASSIGNED'
    )
  })

  test('a job a monkey took is running, for every reader, until it ends', async () => {
    await store.create(job('taken'))
    queue.push('taken')
    assert.equal(store.get('taken')?.Status, 'open')
    assert.equal((await queue.dequeue('m1'))?.Status, 'running')
    assert.equal(store.get('taken')?.Status, 'running')
    assert.equal((await queue.done('taken', 'm1', {}, {})).Status, 'succeeded')
  })

  test('a job file written with numeric statuses (earlier versions) is read with status names', async () => {
    const file = join(tmp.path, 'legacy.json')
    const { Status: _s, ...rest } = job('old')
    const numeric = (id: string, Status: number): object => ({ ...rest, Id: id, Status })
    await writeFile(
      file,
      JSON.stringify({
        '/archive/jobs/a': numeric('a', 2),
        '/archive/jobs/b': numeric('b', -1),
        '/jobs/c': numeric('c', 0)
      })
    )
    const legacy = new JobStore(file)
    await legacy.open()
    assert.equal(legacy.archived('a')?.Status, 'succeeded')
    assert.equal(legacy.archived('b')?.Status, 'failed')
    assert.deepEqual(
      legacy.actives().map(j => j.Status),
      ['open']
    )
    assert.deepEqual(
      legacy.all().map(j => [j.Id, j.Status]),
      [
        ['c', 'open'],
        ['a', 'succeeded'],
        ['b', 'failed']
      ]
    )
    await legacy.close()
  })

  test('a job lost twice fails after 2 attempts and is not queued again', async () => {
    await store.create(job('two'))
    queue.push('two')
    assert.equal((await queue.dequeue('m1'))?.Id, 'two')
    const again = await queue.lost('two')
    assert.equal(again?.Status, 'open')
    assert.equal(again?.Attempt, 1)
    assert.equal(store.assignment('two'), undefined)
    assert.equal((await queue.dequeue('m2'))?.Id, 'two')
    const final = await queue.lost('two')
    assert.equal(final?.Status, 'failed')
    assert.equal(final?.Attempt, 2)
    assert.equal(store.archived('two')?.Status, 'failed')
    assert.equal(await queue.dequeue('m3'), undefined)
  })

  test('attempts are a setting: with maxAttempts 3 a job lost twice is queued a third time', async () => {
    const patient = new JobQueue(store, { maxAttempts: 3 })
    await store.create(job('three'))
    patient.push('three')
    for (const [m, attempt] of [
      ['m1', 1],
      ['m2', 2]
    ] as const) {
      assert.equal((await patient.dequeue(m))?.Id, 'three')
      const again = await patient.lost('three')
      assert.equal(again?.Status, 'open')
      assert.equal(again?.Attempt, attempt)
    }
    assert.equal((await patient.dequeue('m3'))?.Id, 'three')
    assert.equal((await patient.lost('three'))?.Status, 'failed')
  })

  test('a failure the monkey says would repeat (a user error) is final at once; another is retried', async () => {
    await store.create(job('user'))
    queue.push('user')
    assert.equal((await queue.dequeue('m1'))?.Id, 'user')
    const final = await queue.failed('user', 'm1', {}, undefined, false)
    assert.equal(final.Status, 'failed')
    assert.equal(final.Attempt, 1)
    await store.create(job('infra'))
    queue.push('infra')
    assert.equal((await queue.dequeue('m1'))?.Id, 'infra')
    assert.equal((await queue.failed('infra', 'm1', {}, undefined, true)).Status, 'open')
  })
})
