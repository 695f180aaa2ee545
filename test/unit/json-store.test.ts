/**
 * The JSON file store (src/shared/json-store.ts) in a temp dir: what is set is on disk once the call resolves,
 * survives a reopen, and is written atomically.
 */
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { JsonStore } from '../../src/shared/json-store.js'

let dir: string
before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'dream-json-store-'))
})
after(async () => {
  await rm(dir, { recursive: true, force: true })
})

const onDisk = async (file: string): Promise<unknown> => JSON.parse(await readFile(file, 'utf8'))

test('a missing file opens as an empty store; nothing is written until a change', async () => {
  const file = join(dir, 'missing', 'state.json')
  const s = new JsonStore(file)
  await s.open()
  assert.deepEqual(s.keys(), [])
  assert.equal(s.get('a'), undefined)
  await s.close()
  await assert.rejects(readFile(file), { code: 'ENOENT' })
})

test('set, setMany and delete are on disk when they resolve (the folder is created)', async () => {
  const file = join(dir, 'nested', 'deeper', 'state.json')
  const s = new JsonStore<number>(file)
  await s.open()
  await s.set('a', 1)
  assert.deepEqual(await onDisk(file), { a: 1 })
  await s.setMany([
    ['b/1', 2],
    ['b/2', 3]
  ])
  assert.deepEqual(await onDisk(file), { a: 1, 'b/1': 2, 'b/2': 3 })
  await s.delete('a')
  assert.deepEqual(await onDisk(file), { 'b/1': 2, 'b/2': 3 })
  assert.deepEqual(await readdir(join(dir, 'nested', 'deeper')), ['state.json'], 'no temporary file is left')
})

test('the file and its folder are private to their owner, whatever the umask', async () => {
  const folder = join(dir, 'private')
  const file = join(folder, 'state.json')
  const umask = process.umask(0o022)
  try {
    const s = new JsonStore<string>(file)
    await s.open()
    await s.set('token', 'secret')
  } finally {
    process.umask(umask)
  }
  assert.equal((await stat(file)).mode & 0o777, 0o600)
  assert.equal((await stat(folder)).mode & 0o777, 0o700)
})

test('keys and entries filter by prefix; has and get read memory', async () => {
  const s = new JsonStore<string>(join(dir, 'prefix.json'))
  await s.open()
  await s.setMany([
    ['jobs/1', 'x'],
    ['jobs/2', 'y'],
    ['logs/1', 'z']
  ])
  assert.deepEqual(s.keys('jobs/').sort(), ['jobs/1', 'jobs/2'])
  assert.deepEqual(s.entries('logs/'), [['logs/1', 'z']])
  assert.equal(s.has('jobs/1'), true)
  assert.equal(s.has('jobs/3'), false)
  assert.equal(s.get('logs/1'), 'z')
})

test('a reopened store has every value of the last one, even after concurrent writes', async () => {
  const file = join(dir, 'reopen.json')
  const s = new JsonStore<{ n: number }>(file)
  await s.open()
  await Promise.all(
    Array.from({ length: 50 }, async (_, i) => {
      await s.set(`k${i}`, { n: i })
    })
  )
  await s.close()
  const again = new JsonStore<{ n: number }>(file)
  await again.open()
  assert.equal(again.keys().length, 50)
  assert.deepEqual(again.get('k49'), { n: 49 })
})

test('a file that is not JSON fails open() instead of being overwritten', async () => {
  const file = join(dir, 'corrupt.json')
  await writeFile(file, '{ not json')
  await assert.rejects(new JsonStore(file).open(), SyntaxError)
  assert.equal(await readFile(file, 'utf8'), '{ not json')
})
