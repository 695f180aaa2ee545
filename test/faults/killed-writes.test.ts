/**
 * An acknowledged database write survives SIGKILL: a kept universe in a child process writes keys through a
 * substrate's replicas (database-replicas.ts, as a function's puts go) and prints each key once its write returned;
 * the test kills the process with SIGKILL mid-stream, starts the universe again from the same state folder, and
 * finds every printed key on the hoarder.
 */
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { spawn } from 'node:child_process'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createUniverse, type Universe } from '../../src/index.js'
import { HoarderClient } from '../../src/services/hoarder/client.js'
import type { DatabaseRef } from '../../src/shared/database-ref.js'

const DB: DatabaseRef = { project: 'P', application: '', match: 'kept', name: 'kept', size: 1_000_000 }
/** Writes acknowledged before the kill; the child writes on without a pause until it is killed. */
const BEFORE_KILL = 300

/** The child: a kept universe whose simple node `sa` writes key 0, 1, 2… one after another, printing each. */
const child = (root: string): string => `
  const { createUniverse } = await import(${JSON.stringify(new URL('../../src/index.js', import.meta.url).href)})
  const { DatabaseReplicas } = await import(${JSON.stringify(
    new URL('../../src/services/substrate/host/database-replicas.js', import.meta.url).href
  )})
  const u = createUniverse({ name: 'killed', root: ${JSON.stringify(root)}, keep: true,
    services: ['hoarder'], simples: ['sa'], webhooks: false })
  await u.start()
  const replicas = new DatabaseReplicas({ node: u.runner('sa').node, directory: u.directory, log: u.log })
  const db = ${JSON.stringify(DB)}
  for (let i = 0; ; i++) {
    await replicas.write(db, 'k' + i, new TextEncoder().encode('v' + i))
    process.stdout.write(i + '\\n')
  }
`

/** Runs the child until it printed `n` keys, SIGKILLs it, and answers the last key it printed. */
async function writeThenKill(root: string, n: number): Promise<number> {
  const p = spawn(process.execPath, ['--input-type=module', '-e', child(root)], { stdio: ['ignore', 'pipe', 'pipe'] })
  let out = ''
  let err = ''
  p.stderr.on('data', (d: Buffer) => {
    err += d.toString()
  })
  const exited = new Promise<void>(resolve => p.on('exit', () => resolve()))
  await new Promise<void>((resolve, reject) => {
    p.stdout.on('data', (d: Buffer) => {
      out += d.toString()
      if (out.split('\n').length > n) {
        p.kill('SIGKILL')
        resolve()
      }
    })
    p.on('exit', code => reject(new Error(`the writer exited (${String(code)}) before the kill:\n${err}`)))
  })
  await exited
  const printed = out.split('\n').filter(l => /^\d+$/.test(l))
  return Number(printed.at(-1))
}

test('every write acknowledged before a SIGKILL is on the hoarder after a restart', { timeout: 120_000 }, async () => {
  const root = await mkdtemp(join(tmpdir(), 'dream-killed-'))
  let u: Universe | undefined
  try {
    const last = await writeThenKill(root, BEFORE_KILL)
    assert.ok(last >= BEFORE_KILL - 1, `printed up to ${last}`)
    u = createUniverse({
      name: 'killed',
      root,
      keep: true,
      services: ['hoarder'],
      simples: ['client'],
      webhooks: false
    })
    await u.start()
    const keys = new Set(await new HoarderClient(u.clientNode(), u.directory).dbList(DB, 'k'))
    const lost = Array.from({ length: last + 1 }, (_, i) => `k${i}`).filter(k => !keys.has(k))
    assert.deepEqual(lost, [], `acknowledged writes lost after SIGKILL (of ${last + 1})`)
  } finally {
    await u?.stop()
    await rm(root, { recursive: true, force: true })
  }
})
