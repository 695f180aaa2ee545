/**
 * The YAML writers produce files the compiler reads back to the same values.
 */
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { compileProject, renderDomainYaml, renderFunctionYaml, renderProjectYaml } from '../../src/compiler/index.js'
import { renderP2PFunctionYaml, renderServiceYaml, renderStorageYaml } from '../../src/compiler/render.js'
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

test("a template's storage, service and p2p function compile as tau's compiler reads them", () => {
  const P = generateId('project')
  const [S, V, F] = [generateId('storage'), generateId('service'), generateId('function')]
  const files = new Map([
    ['config.yaml', renderProjectYaml({ id: P, name: 'rt', description: '' })],
    ['storages/uploads.yaml', renderStorageYaml({ id: S, match: 'uploads', size: '10MB', versioning: true })],
    ['services/p2p_echo.yaml', renderServiceYaml({ id: V, protocol: '/p2p_echo/v1' })],
    [
      'functions/echo_p2p.yaml',
      renderP2PFunctionYaml({
        id: F,
        description: 'p2p',
        service: 'p2p_echo',
        command: 'echo',
        source: '.',
        timeout: '10s',
        memory: '10MB',
        call: 'echo'
      })
    ]
  ])
  const c = compileProject({ files, branch: 'main', projectId: P, networkFqdn: NET })
  const o = c.object as Record<string, Record<string, unknown>>
  assert.deepEqual(o.storages?.[S], {
    name: 'uploads',
    description: '',
    tags: [],
    type: 'object',
    match: 'uploads',
    useRegex: false,
    public: true,
    versioning: true,
    size: 1e7
  })
  assert.deepEqual(o.services?.[V], { name: 'p2p_echo', description: '', tags: [], protocol: '/p2p_echo/v1' })
  assert.deepEqual(o.functions?.[F], {
    name: 'echo_p2p',
    description: 'p2p',
    tags: [],
    type: 'p2p',
    local: false,
    service: 'p2p_echo',
    command: 'echo',
    source: '.',
    timeout: 1e10,
    memory: 1e7,
    call: 'echo'
  })
})
