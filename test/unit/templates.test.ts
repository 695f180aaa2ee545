/**
 * Template metadata: `languages.<language>.execution` in template.yaml overrides the shared execution settings for
 * that language only (Go's runtime needs more memory than AssemblyScript's for the same echo).
 */
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { loadTemplate } from '../../src/console/templates.js'

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
