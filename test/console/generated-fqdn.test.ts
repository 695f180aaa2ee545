/** The generated fqdn that `dream new function` and the web console both give a new GeneratedDomain. */
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { generatedFqdn } from '../../src/console/generated-fqdn.js'

test('the last 8 characters of the project id, lower-cased, and the first free number', () => {
  const id = 'QmPVfdL5yPuosz3c6vdy3DGS31kWbovUeifDicrm6iGXUr'
  assert.equal(generatedFqdn(id, 'blackhole.localtau', new Set()), 'rm6igxur0.blackhole.localtau')
  const taken = new Set(['rm6igxur0.blackhole.localtau', 'rm6igxur2.blackhole.localtau'])
  assert.equal(generatedFqdn(id, 'blackhole.localtau', taken), 'rm6igxur1.blackhole.localtau')
})
