/**
 * The worked example: exactly what tau's config compiler publishes for the ping_pong project in
 * test/data/config/pingpong (indexes at the TNS root, the project object at its commit, the `current` pointer).
 */
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { compileProject, publishPlan, readTree } from '../../src/compiler/index.js'
import { dataDir, NET, P } from './helpers.js'

const D = 'QmbAA8hRosp5BaXFXikADCtpkQCgQCPdRVhnxjiSHfXdWH'
const F = 'QmYfMsCz3MXGm1a1F3WHeDGMpcHhQTGa1D6HtfY4LWg7UJ'
const C = '3f1c2a9d8e7b6a5f4e3d2c1b0a9f8e7d6c5b4a39'

test('readTree reads the repo YAML files (all the compiler reads) as relative posix paths', async () => {
  const files = await readTree(dataDir('pingpong'))
  assert.deepEqual([...files.keys()].sort(), [
    'config.yaml',
    'domains/GeneratedDomain.yaml',
    'functions/ping_pong.yaml'
  ])
})

test('worked example: indexes, object and publish plan', async () => {
  const files = await readTree(dataDir('pingpong'))
  const compiled = compileProject({ files, branch: 'main', projectId: P, networkFqdn: NET })
  assert.equal(compiled.projectId, P)

  const indexes = {
    [`wasm/project/${P}/modules/functions/ping_pong/links`]: [`branches/main/projects/${P}/functions/${F}`],
    'http/functions/localtau/blackhole/abcd12340/links': [`branches/main/projects/${P}/functions/${F}`],
    'domains/localtau/blackhole/abcd12340/links': null
  }
  const object = {
    id: P,
    name: 'pingpong',
    description: 'a ping pong project',
    email: 'dev@example.com',
    domains: {
      [D]: { name: 'GeneratedDomain', description: '', fqdn: 'abcd12340.blackhole.localtau', 'cert-type': 'auto' }
    },
    functions: {
      [F]: {
        name: 'ping_pong',
        description: 'returns pong',
        type: 'https',
        secure: true,
        method: 'get',
        paths: ['/ping'],
        domains: [D],
        source: '.',
        timeout: 10_000_000_000,
        memory: 10_000_000,
        call: 'ping'
      }
    }
  }
  assert.deepEqual(compiled.indexes, indexes)
  assert.deepEqual(compiled.object, object)
  assert.deepEqual(publishPlan(compiled, 'main', C), [
    { path: [], data: indexes },
    { path: ['branches', 'main', 'commit', C, 'projects', P], data: object },
    { path: ['projects', P, 'branches', 'main', 'current'], data: { current: C } }
  ])
})

test('the expected project id is optional', async () => {
  const files = await readTree(dataDir('pingpong'))
  assert.equal(compileProject({ files, branch: 'dev', networkFqdn: NET }).projectId, P)
})
