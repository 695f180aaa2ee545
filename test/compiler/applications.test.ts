/**
 * Applications and ids as tau scopes them: an id is unique among the resources of one group in one scope (the
 * project or one application) and among applications; the same id elsewhere is accepted. References look in
 * the application first, then the project; `/name` and `../name` name the project's resource.
 */
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { compileProject, ConfigErrorCodes } from '../../src/compiler/index.js'
import { deterministicId } from '../../src/shared/ids.js'
import { buildError, NET, P, repo } from './helpers.js'

const id = (s: string): string => deterministicId(s)
const compile = (files: Map<string, string>): ReturnType<typeof compileProject> =>
  compileProject({ files, branch: 'main', projectId: P, networkFqdn: NET })
const val = (group: string, rid: string, app?: string): string =>
  `branches/main/projects/${P}${app !== undefined ? `/applications/${app}` : ''}/${group}/${rid}`

const A = id('app_a')
const B = id('app_b')
const app = (appId: string): string => `id: ${appId}\n`
const fn = (fid: string, domain: string, path: string): string =>
  `id: ${fid}\ntrigger: {type: http, method: get, paths: [${path}], domains: [${domain}]}\nsource: .\n` +
  'execution: {timeout: 1s, memory: 1MB, call: f}\n'
const dom = (did: string, fqdn: string): string => `id: ${did}\nfqdn: ${fqdn}\n`

test('one id in the project and in two applications compiles, each scope with its own object and indexes', () => {
  const F = id('fn')
  const c = compile(
    repo({
      'domains/web.yaml': dom(id('web'), 'www.example.com'),
      'functions/hello.yaml': fn(F, 'web', '/p'),
      'applications/a/config.yaml': app(A),
      'applications/a/functions/hello.yaml': fn(F, 'web', '/a'),
      'applications/b/config.yaml': app(B),
      'applications/b/functions/hello.yaml': fn(F, 'web', '/b')
    })
  )
  const apps = c.object.applications as Record<string, Record<string, Record<string, { paths: string[] }>>>
  assert.deepEqual((c.object.functions as Record<string, { paths: string[] }>)[F]?.paths, ['/p'])
  assert.deepEqual(apps[A]?.functions?.[F]?.paths, ['/a'])
  assert.deepEqual(apps[B]?.functions?.[F]?.paths, ['/b'])
  // One host, three functions: the project's first, then the applications'.
  const links = c.indexes['http/functions/com/example/www/links'] as string[]
  assert.equal(links[0], val('functions', F))
  assert.deepEqual([...links.slice(1)].sort(), [val('functions', F, A), val('functions', F, B)].sort())
})

test('one id for resources of different groups in one scope compiles', () => {
  const X = id('shared')
  const c = compile(
    repo({
      'domains/web.yaml': dom(X, 'www.example.com'),
      'services/svc.yaml': `id: ${X}\nprotocol: /svc/v1\n`,
      'applications/a/config.yaml': app(X)
    })
  )
  assert.ok((c.object.domains as Record<string, unknown>)[X] !== undefined)
  assert.ok((c.object.services as Record<string, unknown>)[X] !== undefined)
  assert.ok((c.object.applications as Record<string, unknown>)[X] !== undefined)
})

test('one id twice in one group of one application is rejected, naming both files', () => {
  const e = buildError(() =>
    compile(
      repo({
        'applications/a/config.yaml': app(A),
        'applications/a/services/one.yaml': `id: ${id('svc')}\nprotocol: /one/v1\n`,
        'applications/a/services/two.yaml': `id: ${id('svc')}\nprotocol: /two/v1\n`
      })
    )
  )
  assert.equal(e.code, ConfigErrorCodes.invalid)
  assert.equal(e.issues.length, 1, e.message)
  assert.match(e.message, /^applications\/a\/services\/two\.yaml:1:5: id: duplicate id/)
  assert.ok(e.message.includes('applications/a/services/one.yaml'), e.message)
  assert.ok(e.message.includes('the services of application "a"'), e.message)
})

test('two applications with one id are rejected', () => {
  const e = buildError(() =>
    compile(repo({ 'applications/a/config.yaml': app(A), 'applications/b/config.yaml': app(A) }))
  )
  assert.equal(e.issues.length, 1, e.message)
  assert.match(e.message, /^applications\/b\/config\.yaml:1:5: id: duplicate id .* applications\/a\/config\.yaml/)
})

test("a reference looks in the application first; `/name` and `../name` name the project's resource", () => {
  const c = compile(
    repo({
      'domains/web.yaml': dom(id('global_web'), 'www.example.com'),
      'applications/a/config.yaml': app(A),
      'applications/a/domains/web.yaml': dom(id('app_web'), 'a.example.com'),
      'applications/a/functions/local.yaml': fn(id('local'), 'web', '/l'),
      'applications/a/functions/rooted.yaml': fn(id('rooted'), '/web', '/r'),
      'applications/a/functions/parent.yaml': fn(id('parent'), '../web', '/u')
    })
  )
  const fns = (c.object.applications as Record<string, Record<string, Record<string, { domains: string[] }>>>)[A]
    ?.functions
  assert.deepEqual(fns?.[id('local')]?.domains, [id('app_web')])
  assert.deepEqual(fns?.[id('rooted')]?.domains, [id('global_web')])
  assert.deepEqual(fns?.[id('parent')]?.domains, [id('global_web')])
  assert.deepEqual(c.indexes['http/functions/com/example/a/links'], [val('functions', id('local'), A)])
  // Within one scope tau's order follows Go map iteration, so only the set is compared.
  assert.deepEqual(
    [...(c.indexes['http/functions/com/example/www/links'] as string[])].sort(),
    [val('functions', id('rooted'), A), val('functions', id('parent'), A)].sort()
  )
})

test('`../name` in the project climbs above it and is reported', () => {
  const e = buildError(() =>
    compile(
      repo({ 'domains/web.yaml': dom(id('web'), 'www.example.com'), 'functions/f.yaml': fn(id('f'), '../web', '/') })
    )
  )
  assert.match(e.message, /functions\/f\.yaml:.*trigger\.domains: unknown domain "\.\.\/web"/)
})
