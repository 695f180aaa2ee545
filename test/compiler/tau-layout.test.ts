/**
 * A config repo in tau's layout (test/data/config/tau_layout: a project and two applications with every resource
 * kind, one function id used in the project and in both applications) compiles to exactly the TNS keys and values
 * of test/data/config/tau_layout.tns.yaml, a table written from tau's compiler source (its header says how).
 */
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { readFile } from 'node:fs/promises'
import { parse } from 'yaml'
import { compileProject, publishPlan, readTree } from '../../src/compiler/index.js'
import { dataDir } from './helpers.js'

const P = 'QmdVL4LAPuatwoQhbigXzfQ2SpD4Nug6KCf4TCmQP4Qgh3'

interface Table {
  branch: string
  indexes: Record<string, unknown>
  object: Record<string, unknown>
}

async function table(): Promise<Table> {
  return parse(await readFile(`${dataDir('tau_layout')}.tns.yaml`, 'utf8')) as Table
}

test("tau's layout compiles to tau's TNS keys and values", async () => {
  const want = await table()
  const files = await readTree(dataDir('tau_layout'))
  const c = compileProject({ files, branch: want.branch, projectId: P, networkFqdn: 'blackhole.localtau' })

  // Keys first, so a missing or extra index is named before any value is compared.
  assert.deepEqual(Object.keys(c.indexes).sort(), Object.keys(want.indexes).sort())
  for (const [key, value] of Object.entries(want.indexes)) assert.deepEqual(c.indexes[key], value, key)
  assert.deepEqual(c.object, want.object)

  const [indexes, object, current] = publishPlan(c, want.branch, 'c0ffee')
  assert.deepEqual(indexes, { path: [], data: want.indexes })
  assert.deepEqual(object, { path: ['branches', 'main', 'commit', 'c0ffee', 'projects', P], data: want.object })
  assert.deepEqual(current, { path: ['projects', P, 'branches', 'main', 'current'], data: { current: 'c0ffee' } })
})

test('the table covers every resource kind in the project and in an application', async () => {
  const want = await table()
  const kinds = ['functions', 'domains', 'websites', 'libraries', 'messaging', 'databases', 'storages', 'services']
  const apps = Object.values(want.object.applications as Record<string, Record<string, unknown>>)
  assert.equal(apps.length, 2)
  for (const kind of [...kinds, 'smartops']) {
    assert.ok(kind in want.object, `project has ${kind}`)
    assert.ok(
      apps.some(a => kind in a),
      `an application has ${kind}`
    )
  }
})
