/**
 * A full disk is one clear error, and writes work again as soon as space is freed. The JSON store's temporary
 * file is pointed at /dev/full, where every write fails with the kernel's own ENOSPC.
 */
import { test, describe, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { mkdtemp, readFile, rm, symlink, unlink } from 'node:fs/promises'
import { existsSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { JsonStore } from '../../src/shared/json-store.js'
import { diskFullOr } from '../../src/shared/disk-full.js'
import { createHttpServer } from '../../src/http/server.js'

interface Coded {
  code?: string
  status?: number
  message: string
}

function isDiskFull(err: unknown): boolean {
  const e = err as Coded
  assert.equal(e.code, 'DISK_FULL')
  assert.equal(e.status, 507)
  assert.match(e.message, /^disk full: [^\n]+$/, 'one line')
  return true
}

describe('disk full', () => {
  let dir: string
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'dream-disk-full-'))
  })
  after(async () => {
    await rm(dir, { recursive: true, force: true })
  })

  test('the store answers DISK_FULL while the disk is full and writes again, losing nothing, once it is not', {
    skip: !existsSync('/dev/full') && 'no /dev/full'
  }, async () => {
    const file = join(dir, 'state.json')
    const store = new JsonStore<number>(file)
    await store.open()
    await store.set('before', 1)
    await symlink('/dev/full', `${file}.tmp`)
    await assert.rejects(store.set('during', 2), isDiskFull)
    await assert.rejects(store.set('during-again', 3), isDiskFull)
    await unlink(`${file}.tmp`) // space freed
    await store.set('after', 4)
    const onDisk = JSON.parse(await readFile(file, 'utf8')) as Record<string, number>
    assert.deepEqual(onDisk, { before: 1, during: 2, 'during-again': 3, after: 4 })
  })

  test('an ENOSPC from anywhere becomes one line naming what failed; other errors pass through', () => {
    const enospc = Object.assign(new Error('ENOSPC: no space left on device, write'), {
      code: 'ENOSPC',
      errno: -28,
      syscall: 'write',
      path: '/var/x'
    })
    const mapped = diskFullOr(new Error('push failed', { cause: enospc }))
    isDiskFull(mapped)
    assert.match((mapped as Error).message, /\/var\/x/)
    const other = new Error('EACCES')
    assert.equal(diskFullOr(other), other)
  })

  test('the HTTP API answers 507 with the one line, not a stack', async () => {
    const app = createHttpServer()
    app.get('/write', async () => {
      throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC', syscall: 'write' })
    })
    const res = await app.inject({ method: 'GET', url: '/write' })
    await app.close()
    assert.equal(res.statusCode, 507)
    const body = res.json<{ code: string; error: string }>()
    assert.equal(body.code, 'DISK_FULL')
    assert.match(body.error, /^disk full: [^\n]+$/)
  })
})
