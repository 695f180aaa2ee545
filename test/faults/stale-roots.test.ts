/**
 * A daemon killed before it could clean up leaves its temporary universe directories behind; the next daemon
 * removes those whose owning process is gone, and nothing else.
 */
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { existsSync } from 'node:fs'
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createUniverse } from '../../src/index.js'
import { startTestDaemon, uniqueName } from '../helpers/universe.js'

/** The pid of a process that has exited. */
async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', ''], { stdio: 'ignore' })
  const pid = child.pid
  await once(child, 'exit')
  assert.ok(pid !== undefined)
  return pid
}

async function plantRoot(owner: number | undefined): Promise<string> {
  const root = await mkdtemp(join(tmpdir(), 'dream-universe-planted-'))
  await writeFile(join(root, 'state.json'), '{}')
  if (owner !== undefined) await writeFile(join(root, 'owner.pid'), String(owner))
  return root
}

test('a daemon removes the temporary universe directories of dead daemons, and only those', async () => {
  const dead = await plantRoot(await deadPid())
  const live = await plantRoot(process.pid)
  const unowned = await plantRoot(undefined)
  const daemon = await startTestDaemon()
  try {
    assert.equal(existsSync(dead), false, "the dead daemon's directory is gone")
    assert.equal(existsSync(live), true, "a running daemon's directory stays")
    assert.equal(existsSync(unowned), true, 'a directory with no owner stays')
  } finally {
    await daemon.stop()
    await Promise.all(
      [dead, live, unowned].map(async r => {
        await rm(r, { recursive: true, force: true })
      })
    )
  }
})

test('a temporary universe names its owner; a kept one does not', async () => {
  const temp = createUniverse({ name: uniqueName('owned'), services: [], simples: ['elder'] })
  const keptRoot = await mkdtemp(join(tmpdir(), 'dream-universe-kept-'))
  const kept = createUniverse({
    name: uniqueName('kept'),
    root: keptRoot,
    keep: true,
    services: [],
    simples: ['elder']
  })
  try {
    await temp.start()
    await kept.start()
    assert.equal(await readFile(join(temp.root, 'owner.pid'), 'utf8'), String(process.pid))
    assert.equal(existsSync(join(kept.root, 'owner.pid')), false)
  } finally {
    await temp.stop()
    await kept.stop()
    await rm(keptRoot, { recursive: true, force: true })
  }
})
