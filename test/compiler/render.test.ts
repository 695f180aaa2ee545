/**
 * The YAML writers produce files the compiler reads back to the same values.
 */
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { compileProject, renderDomainYaml, renderFunctionYaml, renderProjectYaml } from '../../src/compiler/index.js'
import { generateId } from '../../src/shared/ids.js'
import { NET } from './helpers.js'

test('render → compile round trip', () => {
  const P = generateId('project')
  const last8 = P.slice(-8).toLowerCase()
  const D = generateId('domain')
  const F = generateId('function')
  const files = new Map([
    ['config.yaml', renderProjectYaml({ id: P, name: 'rt', description: 'round trip', email: 'a@b.c' })],
    ['domains/GeneratedDomain.yaml', renderDomainYaml({ id: D, fqdn: `${last8}0.${NET}` })],
    [
      'functions/ping_pong.yaml',
      renderFunctionYaml({
        id: F,
        description: 'ping',
        method: 'get',
        paths: ['/ping'],
        domains: ['GeneratedDomain'],
        source: '.',
        timeout: '10s',
        memory: '10MB',
        call: 'ping',
        tags: ['t1']
      })
    ]
  ])
  const c = compileProject({ files, branch: 'main', projectId: P, networkFqdn: NET })
  assert.deepEqual(c.object, {
    id: P,
    name: 'rt',
    description: 'round trip',
    email: 'a@b.c',
    domains: {
      [D]: { name: 'GeneratedDomain', description: '', tags: [], fqdn: `${last8}0.${NET}`, 'cert-type': 'auto' }
    },
    functions: {
      [F]: {
        name: 'ping_pong',
        description: 'ping',
        type: 'https',
        secure: true,
        method: 'GET',
        paths: ['/ping'],
        domains: [D],
        source: '.',
        timeout: 1e10,
        memory: 1e7,
        call: 'ping',
        tags: ['t1']
      }
    }
  })
})

test('project yaml without email has no notification block', () => {
  assert.ok(!renderProjectYaml({ id: 'Qm1', name: 'n', description: 'd' }).includes('notification'))
})
