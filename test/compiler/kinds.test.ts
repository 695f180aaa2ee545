/**
 * One test per resource kind: YAML in, compiled object and indexes out.
 */
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { compileProject } from '../../src/compiler/index.js'
import { deterministicId } from '../../src/shared/ids.js'
import { NET, P, repo } from './helpers.js'

const id = (s: string): string => deterministicId(s)
const compile = (files: Map<string, string>): ReturnType<typeof compileProject> =>
  compileProject({ files, branch: 'main', projectId: P, networkFqdn: NET })
const val = (group: string, rid: string, app?: string): string =>
  `branches/main/projects/${P}${app !== undefined ? `/applications/${app}` : ''}/${group}/${rid}`

const DOMAIN = `
  id: ${id('dom')}
  fqdn: abcd12341.blackhole.localtau
`

test('config.yaml: tags dropped, notification.email → email, missing name and description left out', () => {
  const c = compile(
    repo({}, `id: ${P}\ntags: [a, b]\nnotification:\n  email: x@y.z\nclouds:\n  example.com: {account: a, plan: b}\n`)
  )
  assert.deepEqual(c.object, { id: P, email: 'x@y.z' })
  assert.deepEqual(c.indexes, {})
})

test('domains: inline certificate, tags and smartops', () => {
  const c = compile(
    repo({
      'domains/custom.yaml': `
      id: ${id('custom')}
      description: my own host
      tags: [web, smartops:guard]
      fqdn: www.example.com
      certificate:
        type: inline
        cert: cert.pem
        key: key.pem
    `,
      'smartops/guard.yaml': `
      id: ${id('guard')}
      source: .
      execution: {timeout: 1s, memory: 1MB, call: guard}
    `
    })
  )
  assert.deepEqual((c.object.domains as Record<string, unknown>)[id('custom')], {
    name: 'custom',
    description: 'my own host',
    fqdn: 'www.example.com',
    tags: ['web', 'smartops:guard'],
    smartops: [id('guard')],
    'cert-type': 'inline',
    'cert-file': 'cert.pem',
    'key-file': 'key.pem'
  })
  assert.equal(c.indexes['domains/com/example/www/links'], null)
})

test('functions: legacy top-level domains, smartop tag, library source, pub-sub, p2p; values as written', () => {
  const c = compile(
    repo({
      'domains/main_dom.yaml': DOMAIN,
      'libraries/shared.yaml': `
      id: ${id('lib')}
      source: {path: /, branch: main, github: {id: 123, fullname: me/lib}}
    `,
      'smartops/guard.yaml': `
      id: ${id('guard')}
      source: libraries/shared
      execution: {timeout: 500ms, memory: 1MiB, call: guard}
    `,
      'functions/get_it.yaml': `
      id: ${id('get')}
      tags: [smartops:guard]
      trigger: {type: http, method: post, paths: [/a, /b]}
      domains: [main_dom]
      source: libraries/shared
      execution: {timeout: 6m40s, memory: 32MiB, call: handle}
    `,
      'functions/subscriber.yaml': `
      id: ${id('sub')}
      trigger: {type: pub-sub, channel: news, local: true}
      source: .
      execution: {timeout: 1s, memory: 1024, call: onmsg}
    `,
      'functions/rpc.yaml': `
      id: ${id('rpc')}
      trigger: {type: p2p, command: ping, service: /simple/v1}
      source: .
      execution: {timeout: 2s, memory: 1KB, call: rpc}
    `
    })
  )
  const fns = c.object.functions as Record<string, unknown>
  assert.deepEqual(fns[id('get')], {
    name: 'get_it',
    type: 'http',
    secure: false,
    method: 'post',
    paths: ['/a', '/b'],
    domains: [id('dom')],
    source: `libraries/${id('lib')}`,
    timeout: 400_000_000_000,
    memory: 32 * 2 ** 20,
    call: 'handle',
    tags: ['smartops:guard'],
    smartops: [id('guard')]
  })
  assert.deepEqual(fns[id('sub')], {
    name: 'subscriber',
    type: 'pubsub',
    channel: 'news',
    local: true,
    source: '.',
    timeout: 1e9,
    memory: 1024,
    call: 'onmsg'
  })
  assert.deepEqual(fns[id('rpc')], {
    name: 'rpc',
    type: 'p2p',
    command: 'ping',
    service: '/simple/v1',
    source: '.',
    timeout: 2e9,
    memory: 1000,
    call: 'rpc'
  })
  assert.deepEqual((c.object.smartops as Record<string, unknown>)[id('guard')], {
    name: 'guard',
    timeout: 500_000_000,
    memory: 2 ** 20,
    call: 'guard',
    source: `libraries/${id('lib')}`
  })
  assert.deepEqual(c.indexes['http/functions/localtau/blackhole/abcd12341/links'], [val('functions', id('get'))])
  assert.deepEqual(c.indexes[`wasm/project/${P}/modules/functions/subscriber/links`], [val('functions', id('sub'))])
  assert.deepEqual(c.indexes[`wasm/project/${P}/modules/functions/rpc/links`], [val('functions', id('rpc'))])
  assert.deepEqual(c.indexes[`wasm/project/${P}/modules/smartops/guard/links`], [val('smartops', id('guard'))])
})

test('functions on the same host accumulate in one http index list', () => {
  const fn = (n: string, path: string): string => `
    id: ${id(n)}
    trigger: {type: https, method: GET, paths: [${path}], domains: [main_dom]}
    source: .
    execution: {timeout: 1s, memory: 1MB, call: ${n}}
  `
  const c = compile(
    repo({
      'domains/main_dom.yaml': DOMAIN,
      'functions/one.yaml': fn('one', '/1'),
      'functions/two.yaml': fn('two', '/2')
    })
  )
  assert.deepEqual(c.indexes['http/functions/localtau/blackhole/abcd12341/links'], [
    val('functions', id('one')),
    val('functions', id('two'))
  ])
})

test('libraries: repository type 3, resources, wasm and name indexes', () => {
  const c = compile(
    repo({
      'libraries/shared.yaml': `
      id: ${id('lib')}
      description: common code
      source: {path: /src, branch: dev, github: {id: '987', fullname: me/lib}}
    `
    })
  )
  assert.deepEqual(c.object.libraries, {
    [id('lib')]: {
      name: 'shared',
      description: 'common code',
      path: '/src',
      branch: 'dev',
      provider: 'github',
      'repository-id': '987',
      'repository-name': 'me/lib'
    }
  })
  assert.deepEqual(c.indexes, {
    [`repositories/github/987/${P}/type`]: 3,
    [`repositories/github/987/${P}/resources/${id('lib')}`]: val('libraries', id('lib')),
    [`wasm/project/${P}/modules/libraries/shared/links`]: [val('libraries', id('lib'))],
    [`libraries/${id('lib')}`]: 'shared'
  })
})

test('websites: repository type 4 and http/websites index; legacy source.paths', () => {
  const c = compile(
    repo({
      'domains/main_dom.yaml': DOMAIN,
      'websites/site.yaml': `
      id: ${id('site')}
      domains: [main_dom]
      source: {paths: [/], branch: main, github: {id: 555, fullname: me/site}}
    `
    })
  )
  assert.deepEqual(c.object.websites, {
    [id('site')]: {
      name: 'site',
      paths: ['/'],
      branch: 'main',
      provider: 'github',
      'repository-id': '555',
      'repository-name': 'me/site',
      domains: [id('dom')]
    }
  })
  assert.equal(c.indexes[`repositories/github/555/${P}/type`], 4)
  assert.equal(c.indexes[`repositories/github/555/${P}/resources/${id('site')}`], val('websites', id('site')))
  assert.deepEqual(c.indexes['http/websites/localtau/blackhole/abcd12341/links'], [val('websites', id('site'))])
})

test('messaging', () => {
  const c = compile(
    repo({
      'messaging/chat.yaml': `
      id: ${id('chat')}
      local: true
      channel: {match: room.*, regex: true}
      bridges: {mqtt: {enable: false}, websocket: {enable: true}}
    `
    })
  )
  assert.deepEqual(c.object.messaging, {
    [id('chat')]: {
      name: 'chat',
      local: true,
      regex: true,
      match: 'room.*',
      mqtt: false,
      webSocket: true
    }
  })
})

test('databases: size, access, encryption, by-name index', () => {
  const c = compile(
    repo({
      'databases/users.yaml': `
      id: ${id('db')}
      match: /users
      useRegex: false
      access: {network: host}
      storage: {size: 5GB}
      encryption: {key: s3cret, type: aes}
    `
    })
  )
  assert.deepEqual(c.object.databases, {
    [id('db')]: {
      name: 'users',
      match: '/users',
      useRegex: false,
      local: true,
      size: 5e9,
      'encryption-key': 's3cret',
      'encryption-type': 'aes'
    }
  })
  assert.deepEqual(c.indexes[`projects/${P}/users/links`], [val('databases', id('db'))])
})

test('storages: object and streaming; no access block is public (tau defaults network to all)', () => {
  const c = compile(
    repo({
      'storages/files.yaml': `
      id: ${id('obj')}
      match: files
      access: {network: all}
      object: {versioning: true, size: 1GiB}
    `,
      'storages/stream.yaml': `
      id: ${id('stream')}
      match: s.*
      regex: true
      streaming: {ttl: 1h, size: 10MB}
    `
    })
  )
  assert.deepEqual(c.object.storages, {
    [id('obj')]: {
      name: 'files',
      type: 'object',
      match: 'files',
      public: true,
      size: 2 ** 30,
      versioning: true
    },
    [id('stream')]: {
      name: 'stream',
      type: 'streaming',
      match: 's.*',
      useRegex: true,
      public: true,
      size: 1e7,
      ttl: 3_600_000_000_000
    }
  })
  assert.deepEqual(c.indexes[`projects/${P}/files/links`], [val('storages', id('obj'))])
  assert.deepEqual(c.indexes[`projects/${P}/stream/links`], [val('storages', id('stream'))])
})

test('services', () => {
  const c = compile(repo({ 'services/simple.yaml': `id: ${id('svc')}\ndescription: rpc\nprotocol: /simple/v1\n` }))
  assert.deepEqual(c.object.services, { [id('svc')]: { name: 'simple', description: 'rpc', protocol: '/simple/v1' } })
  assert.deepEqual(c.indexes, {})
})

test('applications: scoped function resolves app domain first, global library second; app indexes', () => {
  const A = id('app')
  const c = compile(
    repo({
      'domains/shared_dom.yaml': `id: ${id('gdom')}\nfqdn: abcd12349.blackhole.localtau\n`,
      'libraries/shared.yaml': `id: ${id('lib')}\nsource: {github: {id: 1, fullname: me/lib}}\n`,
      'smartops/global_guard.yaml': `id: ${id('gg')}\nsource: .\nexecution: {timeout: 1s, memory: 1MB, call: g}\n`,
      'applications/shop/config.yaml': `id: ${A}\ndescription: the shop\ntags: [smartops:global_guard]\n`,
      // Same name as the global domain: the application's one must win.
      'applications/shop/domains/shared_dom.yaml': `id: ${id('adom')}\nfqdn: abcd12342.blackhole.localtau\n`,
      'applications/shop/functions/buy.yaml': `
      id: ${id('buy')}
      trigger: {type: https, method: put, paths: [/buy], domains: [shared_dom]}
      source: libraries/shared
      execution: {timeout: 3s, memory: 16MB, call: buy}
    `,
      'applications/shop/databases/orders.yaml': `id: ${id('orders')}\nmatch: orders\nstorage: {size: 1MB}\n`
    })
  )
  const apps = c.object.applications as Record<string, Record<string, unknown>>
  assert.deepEqual(Object.keys(apps), [A])
  const app = apps[A] ?? {}
  assert.equal(app.name, 'shop')
  assert.equal(app.description, 'the shop')
  // An application's smartop tags stay on the application: tau attaches a smartop only to the resource tagged.
  assert.deepEqual(app.tags, ['smartops:global_guard'])
  assert.deepEqual((app.functions as Record<string, unknown>)[id('buy')], {
    name: 'buy',
    type: 'https',
    secure: true,
    method: 'put',
    paths: ['/buy'],
    domains: [id('adom')],
    source: `libraries/${id('lib')}`,
    timeout: 3e9,
    memory: 16e6,
    call: 'buy'
  })
  assert.deepEqual(c.indexes[`wasm/project/${P}/application/${A}/modules/functions/buy/links`], [
    val('functions', id('buy'), A)
  ])
  assert.deepEqual(c.indexes['http/functions/localtau/blackhole/abcd12342/links'], [val('functions', id('buy'), A)])
  assert.equal(c.indexes['domains/localtau/blackhole/abcd12342/links'], null)
  assert.equal(c.indexes['domains/localtau/blackhole/abcd12349/links'], null)
  assert.deepEqual(c.indexes[`projects/${P}/applications/${A}/orders/links`], [val('databases', id('orders'), A)])
})

test('a field written empty compiles to its zero value; a field left out is left out', () => {
  const c = compile(
    repo({
      'messaging/empty.yaml': `id: ${id('empty')}\ndescription:\nlocal:\nchannel: {match: m}\n`,
      'messaging/bare.yaml': `id: ${id('bare')}\nchannel: {match: m}\n`
    })
  )
  const msgs = c.object.messaging as Record<string, unknown>
  assert.deepEqual(msgs[id('empty')], { name: 'empty', description: '', local: false, match: 'm' })
  assert.deepEqual(msgs[id('bare')], { name: 'bare', match: 'm' })
})
