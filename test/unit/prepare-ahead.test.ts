/**
 * substrate's prepare-ahead when the module cache has no room: the new modules of the hosts it served are fetched
 * onto its disk (so their first request only compiles them), and those of hosts it never served are left alone.
 * A real module cache and a real disk store over blobs held here.
 */
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { mkdtemp, readdir, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { FunctionBuilder } from '../../src/builder/index.js'
import { ModuleBytes } from '../../src/services/substrate/serving/module-bytes.js'
import { ModuleCache } from '../../src/services/substrate/serving/modules.js'
import { PrepareAhead } from '../../src/services/substrate/serving/prepare-ahead.js'
import type { Match } from '../../src/services/substrate/serving/router.js'
import { cidOf } from '../../src/shared/cid.js'
import { silent } from '../../src/shared/log.js'
import { waitFor } from '../helpers/universe.js'
import { templateCode } from '../vm/functions.js'

const MEM = 10_000_000

/** A function of `host` whose build is `cid`, as the router reads it from TNS. */
const matchOf = (name: string, cid: string): Match => ({
  fn: {
    id: name,
    name,
    project: 'p',
    application: '',
    branch: 'main',
    commit: 'c',
    method: 'GET',
    paths: [`/${name}`],
    timeout: 1e9,
    memory: MEM,
    call: 'ping',
    source: '.'
  },
  cid,
  build: { job: 'j', commit: 'c' },
  version: '1'
})

test('without room to compile, the new modules of served hosts are fetched onto disk; others are not', async () => {
  const builder = new FunctionBuilder({ log: silent })
  builder.start()
  const root = await mkdtemp(join(tmpdir(), 'dream-prepare-'))
  try {
    const blobs = new Map<string, Uint8Array>()
    for (const name of ['ping_pong', 'echo']) {
      const { wasm } = await builder.build(templateCode(name))
      blobs.set(await cidOf(wasm), wasm)
    }
    const [served = '', other = ''] = [...blobs.keys()]
    const fetched: string[] = []
    const dir = join(root, 'modules')
    const bytes = new ModuleBytes({
      dir,
      fetch: async cid => {
        fetched.push(cid)
        return blobs.get(cid) ?? new Uint8Array()
      }
    })
    // A cache of 0 bytes holding one module (the one being added always stays): no room for another.
    const modules = new ModuleCache({ fetch: async cid => blobs.get(cid) ?? new Uint8Array(), maxBytes: 0 })
    await modules.get(other, MEM, 'seen')
    assert.equal(modules.hasRoom, false)
    const ahead = new PrepareAhead({
      modules,
      keepBytes: async cid => {
        if (!(await bytes.has(cid))) await bytes.get(cid)
      },
      hosts: async () => ['served.test', 'other.test'],
      functionsOf: async host => [host === 'served.test' ? matchOf('a', served) : matchOf('b', other)],
      log: silent
    })
    ahead.served('served.test')
    ahead.published()
    await waitFor('the served host module on disk', async () => (await readdir(dir).catch(() => [])).length > 0)
    await ahead.stop()
    assert.deepEqual(await readdir(dir), [`${served}.wasm`])
    assert.deepEqual(fetched, [served], 'only the served host module was fetched')
    assert.equal(modules.prepared, 0, 'nothing compiled without room')
  } finally {
    await builder.stop()
    await rm(root, { recursive: true, force: true })
  }
})
