/**
 * Template metadata: `languages.<language>.execution` in template.yaml overrides the shared execution settings for
 * that language only (Go's runtime needs more memory than AssemblyScript's for the same echo); the resources and
 * companion functions a template lists.
 */
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { readdir, readFile } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import { resourceFiles } from '../../src/console/template-resources.js'
import { allTemplates, loadTemplate } from '../../src/console/templates.js'
import { packageRoot } from '../../src/shared/package-root.js'

test("a language's execution settings override the template's, for that language only", async () => {
  const goEcho = await loadTemplate('echo', 'go')
  const asEcho = await loadTemplate('echo', 'assemblyscript')
  assert.equal(goEcho.memory, '32MB')
  assert.equal(asEcho.memory, '10MB')
  for (const t of [goEcho, asEcho]) {
    assert.equal(t.timeout, '10s', 'what the language does not override stays')
    assert.equal(t.call, 'echo')
  }
  assert.equal((await loadTemplate('ping_pong', 'go')).memory, '10MB', 'as in the walkthrough')
})

test('p2p_echo loads its companion p2p function (own trigger and code folder) and the service both use', async () => {
  for (const language of ['go', 'assemblyscript'] as const) {
    const t = await loadTemplate('p2p_echo', language)
    assert.deepEqual(t.services, [{ name: 'p2p_echo', protocol: '/p2p_echo/v1' }])
    const [c] = t.companions
    assert.ok(c !== undefined && t.companions.length === 1)
    assert.deepEqual(
      { suffix: c.suffix, type: c.type, service: c.service, command: c.command, call: c.call },
      { suffix: 'p2p', type: 'p2p', service: 'p2p_echo', command: 'echo', call: 'echo' }
    )
    assert.equal(c.codeDir, join(dirname(t.codeDir), 'p2p', language))
    assert.deepEqual(
      resourceFiles(t).map(r => r.path),
      ['services/p2p_echo.yaml']
    )
  }
  const upload = await loadTemplate('upload', 'go')
  assert.deepEqual(upload.storages, [{ name: 'uploads', match: 'uploads', size: '10MB', versioning: true }])
  assert.equal(upload.memory, '32MB')
  assert.match(resourceFiles(upload)[0]?.yaml('Qmid') ?? '', /object:\n\s+versioning: true\n\s+size: 10MB/)
})

test('every template has code in both languages, its companions too', async () => {
  const all = await allTemplates()
  const names = [...new Set(all.map(t => t.name))]
  for (const name of ['chat', 'counter', 'echo', 'p2p_echo', 'ping_pong', 'upload']) assert.ok(names.includes(name))
  for (const t of all) {
    for (const dir of [t.codeDir, ...t.companions.map(c => c.codeDir)]) {
      assert.ok((await readdir(dir)).length > 0, dir)
    }
  }
  assert.equal(all.length, names.length * 2)
})

test('what a template copies into a user repository names no document outside it (no "tau §11")', async () => {
  const root = join(packageRoot(), 'templates')
  const files = (await readdir(root, { recursive: true, withFileTypes: true })).filter(
    f => f.isFile() && !f.parentPath.includes('node_modules')
  )
  assert.ok(files.length > 20)
  for (const f of files) {
    const text = await readFile(join(f.parentPath, f.name), 'utf8')
    assert.doesNotMatch(text, /§/, join(f.parentPath, f.name))
  }
})
