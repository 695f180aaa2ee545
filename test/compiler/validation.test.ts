/**
 * Every validation fails the build with a ConfigBuildError whose code is stable and whose message
 * names the file (and line:col where the node exists), the field and the bad value.
 */
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { compileProject, ConfigErrorCodes } from '../../src/compiler/index.js'
import { BuildError } from '../../src/shared/errors.js'
import { deterministicId } from '../../src/shared/ids.js'
import { buildError, NET, P, repo } from './helpers.js'

const id = (s: string): string => deterministicId(s)
const run =
  (files: Map<string, string>, projectId: string | undefined = P) =>
  () =>
    compileProject({ files, branch: 'main', projectId, networkFqdn: NET })

const DOMAIN = `id: ${id('dom')}\nfqdn: abcd12341.blackhole.localtau\n`
const fn = (over: Record<string, string> = {}): string => {
  const f = {
    id: id('fn'),
    type: 'https',
    method: 'GET',
    paths: '[/x]',
    domains: '[dom]',
    source: '.',
    timeout: '1s',
    memory: '1MB',
    call: 'x',
    ...over
  }
  return `${[
    f.id !== '' ? `id: ${f.id}` : '',
    'trigger:',
    `  type: ${f.type}`,
    `  method: ${f.method}`,
    `  paths: ${f.paths}`,
    `  domains: ${f.domains}`,
    `source: ${f.source}`,
    'execution:',
    `  timeout: ${f.timeout}`,
    `  memory: ${f.memory}`,
    `  call: ${f.call}`
  ]
    .filter(l => l !== '')
    .join('\n')}\n`
}
const withFn = (over: Record<string, string>): Map<string, string> =>
  repo({ 'domains/dom.yaml': DOMAIN, 'functions/ping_pong.yaml': fn(over) })

/** Asserts a one-issue failure with `code` whose message names the file and contains every `parts`. */
function expectOne(files: Map<string, string>, code: string, file: string, ...parts: string[]): string {
  const e = buildError(run(files))
  assert.ok(e instanceof BuildError)
  assert.equal(e.code, code, e.message)
  assert.equal(e.issues.length, 1, e.message)
  assert.ok(e.message.startsWith(file), `${e.message} should start with ${file}`)
  for (const p of parts) assert.ok(e.message.includes(p), `${e.message} should include ${p}`)
  return e.message
}

test('the baseline function compiles', () => {
  assert.ok(compileProject({ files: withFn({}), branch: 'main', projectId: P, networkFqdn: NET }))
})

test('missing config.yaml', () => {
  const e = buildError(run(new Map([['functions/a.yaml', fn()]])))
  assert.equal(e.code, ConfigErrorCodes.missing)
  assert.match(e.message, /^config\.yaml: /)
})

test('config.yaml without id', () => {
  expectOne(repo({}, 'name: x\n'), ConfigErrorCodes.invalid, 'config.yaml', 'id', 'required')
})

test('config.yaml id differs from the expected project id: message has both ids', () => {
  const other = id('other')
  const e = buildError(run(repo(), other))
  assert.equal(e.code, ConfigErrorCodes.projectMismatch)
  assert.ok(e.message.includes(P) && e.message.includes(other), e.message)
  assert.match(e.message, /^config\.yaml:1:\d+: id: /)
})

test('YAML syntax error reports file, line and column', () => {
  const files = repo({ 'functions/ping_pong.yaml': 'id: x\ntrigger:\n  type: http\n   method: [GET\n' })
  const msg = expectOne(files, ConfigErrorCodes.yaml, 'functions/ping_pong.yaml:')
  assert.match(msg, /^functions\/ping_pong\.yaml:\d+:\d+: YAML syntax error/)
  const e = buildError(run(files))
  assert.ok((e.issues[0]?.line ?? 0) >= 3, msg)
})

/** Nine levels of nine aliases each: 9^9 values once expanded. */
function billionLaughs(): string {
  const level = (n: number): string => `l${n}: &l${n} [${Array(9).fill(n === 0 ? 'lol' : `*l${n - 1}`)}]`
  return `${Array.from({ length: 9 }, (_, n) => level(n)).join('\n')}\n`
}

test('a billion-laughs file is a YAML error of that file, not a crash', () => {
  const files = repo({ 'functions/laughs.yaml': billionLaughs() })
  assert.match(expectOne(files, ConfigErrorCodes.yaml, 'functions/laughs.yaml'), /YAML refused/)
})

test('a path no request can match is refused, naming file, field and path', () => {
  const long = `/${'a'.repeat(100_000)}`
  const refused: Array<[string, string]> = [
    ['/../../etc', '..'],
    ['noslash', 'noslash'],
    ['"/a b"', '/a b'],
    [long, 'limit']
  ]
  for (const [path, part] of refused) {
    expectOne(
      withFn({ paths: `[${path}]` }),
      ConfigErrorCodes.invalid,
      'functions/ping_pong.yaml',
      'trigger.paths',
      part
    )
  }
  assert.ok(
    compileProject({ files: withFn({ paths: '[/, /a/b.c, /x_y-z~]' }), branch: 'main', projectId: P, networkFqdn: NET })
  )
})

test('invalid names', () => {
  expectOne(
    repo({ 'functions/1bad-name.yaml': fn() }),
    ConfigErrorCodes.invalid,
    'functions/1bad-name.yaml',
    '1bad-name'
  )
  expectOne(
    repo({ 'applications/my-app/config.yaml': `id: ${id('a')}\n` }),
    ConfigErrorCodes.invalid,
    'applications/my-app/config.yaml',
    'my-app'
  )
})

test('resource without id', () => {
  expectOne(withFn({ id: '' }), ConfigErrorCodes.invalid, 'functions/ping_pong.yaml', 'id: is required')
})

test('missing required fields', () => {
  expectOne(withFn({ call: '""' }), ConfigErrorCodes.invalid, 'functions/ping_pong.yaml', 'execution.call', 'required')
  expectOne(
    repo({ 'domains/d.yaml': `id: ${id('d')}\n` }),
    ConfigErrorCodes.invalid,
    'domains/d.yaml',
    'fqdn',
    'required'
  )
  expectOne(repo({ 'services/s.yaml': `id: ${id('s')}\n` }), ConfigErrorCodes.invalid, 'services/s.yaml', 'protocol')
  expectOne(
    repo({ 'messaging/m.yaml': `id: ${id('m')}\n` }),
    ConfigErrorCodes.invalid,
    'messaging/m.yaml',
    'channel.match'
  )
  expectOne(
    repo({ 'databases/d.yaml': `id: ${id('d')}\nmatch: x\n` }),
    ConfigErrorCodes.invalid,
    'databases/d.yaml',
    'storage.size'
  )
  expectOne(
    repo({ 'libraries/l.yaml': `id: ${id('l')}\nsource: {path: /}\n` }),
    ConfigErrorCodes.invalid,
    'libraries/l.yaml',
    'source.github'
  )
})

test('unknown trigger type names the value and its line', () => {
  const msg = expectOne(
    withFn({ type: 'websocket' }),
    ConfigErrorCodes.invalid,
    'functions/ping_pong.yaml:3:',
    'trigger.type',
    '"websocket"'
  )
  assert.ok(msg.includes('http, https'))
})

test('unknown method', () => {
  expectOne(
    withFn({ method: 'FETCH' }),
    ConfigErrorCodes.invalid,
    'functions/ping_pong.yaml',
    'trigger.method',
    '"FETCH"'
  )
})

test('bad duration and bad size', () => {
  expectOne(
    withFn({ timeout: '10x' }),
    ConfigErrorCodes.invalid,
    'functions/ping_pong.yaml',
    'execution.timeout',
    '"10x"'
  )
  expectOne(
    withFn({ memory: '10XB' }),
    ConfigErrorCodes.invalid,
    'functions/ping_pong.yaml',
    'execution.memory',
    '"10XB"'
  )
  expectOne(
    repo({ 'storages/s.yaml': `id: ${id('s')}\nmatch: x\nstreaming: {ttl: forever, size: 1MB}\n` }),
    ConfigErrorCodes.invalid,
    'storages/s.yaml',
    'streaming.ttl',
    '"forever"'
  )
})

test('storage type: none, both', () => {
  expectOne(
    repo({ 'storages/s.yaml': `id: ${id('s')}\nmatch: x\n` }),
    ConfigErrorCodes.invalid,
    'storages/s.yaml',
    'object',
    'streaming'
  )
  expectOne(
    repo({ 'storages/s.yaml': `id: ${id('s')}\nmatch: x\nobject: {size: 1MB}\nstreaming: {ttl: 1s, size: 1MB}\n` }),
    ConfigErrorCodes.invalid,
    'storages/s.yaml',
    'both'
  )
})

test('unknown references: domain, library, smartop', () => {
  expectOne(
    withFn({ domains: '[nope]' }),
    ConfigErrorCodes.invalid,
    'functions/ping_pong.yaml',
    'trigger.domains',
    '"nope"'
  )
  expectOne(
    withFn({ source: 'libraries/ghost' }),
    ConfigErrorCodes.invalid,
    'functions/ping_pong.yaml',
    'source',
    '"ghost"'
  )
  expectOne(
    repo({ 'services/s.yaml': `id: ${id('s')}\nprotocol: /s/v1\ntags: [smartops:missing]\n` }),
    ConfigErrorCodes.invalid,
    'services/s.yaml',
    'tags',
    '"missing"'
  )
})

test('duplicate ids', () => {
  const files = repo({ 'domains/dom.yaml': DOMAIN, 'domains/dom2.yaml': `id: ${id('dom')}\nfqdn: www.example.com\n` })
  expectOne(files, ConfigErrorCodes.invalid, 'domains/dom2.yaml', 'duplicate id', 'domains/dom.yaml')
})

test('generated domain must contain the last 8 chars of the project id', () => {
  const files = repo({ 'domains/stolen.yaml': `id: ${id('x')}\nfqdn: deadbeef0.blackhole.localtau\n` })
  expectOne(
    files,
    ConfigErrorCodes.domainOwnership,
    'domains/stolen.yaml',
    'fqdn',
    'deadbeef0.blackhole.localtau',
    'abcd1234'
  )
  // Not generated (other suffix, or deeper name): no ownership check in dev.
  assert.ok(
    compileProject({
      files: repo({ 'domains/a.yaml': `id: ${id('a')}\nfqdn: deadbeef0.example.com\n` }),
      branch: 'main',
      networkFqdn: NET
    })
  )
  // A custom pattern, e.g. dream's <last8><n>.<universe>.localtau.
  const custom = compileProject({
    files: repo({ 'domains/a.yaml': `id: ${id('a')}\nfqdn: x.y.blackhole.localtau\n` }),
    branch: 'main',
    networkFqdn: NET
  })
  assert.ok(custom)
  const e = buildError(() =>
    compileProject({
      files: repo({ 'domains/a.yaml': `id: ${id('a')}\nfqdn: x.y.blackhole.localtau\n` }),
      branch: 'main',
      networkFqdn: NET,
      generatedDomainPattern: /\.localtau$/
    })
  )
  assert.equal(e.code, ConfigErrorCodes.domainOwnership)
})

test('short project ids are zero-padded to 8 for the generated-domain rule', () => {
  const files = repo({ 'domains/a.yaml': `id: ${id('a')}\nfqdn: 000000p10.blackhole.localtau\n` }, 'id: P1\n')
  assert.ok(compileProject({ files, branch: 'main', networkFqdn: NET }))
})

test('several errors are reported together, one per line, sorted by file', () => {
  const files = repo({
    'domains/dom.yaml': DOMAIN,
    'functions/ping_pong.yaml': fn({ method: 'FETCH', timeout: 'soon' }),
    'databases/db.yaml': `id: ${id('db')}\nmatch: x\nstorage: {size: huge}\n`,
    'services/broken.yaml': 'id: [unclosed\n'
  })
  const e = buildError(run(files))
  assert.equal(e.code, ConfigErrorCodes.invalid)
  const lines = e.message.split('\n')
  assert.equal(lines.length, 4, e.message)
  assert.equal(e.issues.length, 4)
  assert.match(lines[0] ?? '', /^databases\/db\.yaml:\d+:\d+: storage\.size: invalid size "huge"/)
  assert.match(lines[1] ?? '', /^functions\/ping_pong\.yaml:\d+:\d+: trigger\.method/)
  assert.match(lines[2] ?? '', /^functions\/ping_pong\.yaml:\d+:\d+: execution\.timeout/)
  assert.match(lines[3] ?? '', /^services\/broken\.yaml:\d+:\d+: YAML syntax error/)
})

test('a reference to a file with a YAML error is not reported twice', () => {
  const files = repo({ 'domains/dom.yaml': 'id: [oops\n', 'functions/ping_pong.yaml': fn() })
  const e = buildError(run(files))
  assert.equal(e.issues.length, 1, e.message)
  assert.equal(e.code, ConfigErrorCodes.yaml)
})
