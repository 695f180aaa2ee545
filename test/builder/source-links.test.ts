/**
 * A function build reads only the regular files of its own folder (src/builder/source-tree.ts, go-source-check.ts):
 * an AssemblyScript import of a symbolic link to a file outside, a link on the way from the repository's root to
 * the folder, a FIFO, a Go file or an embedded file that is a link, a go.mod `replace` naming a folder outside and
 * an assembly `#include` of an absolute path each fail the build with one line naming the file, and the outside
 * file's content appears nowhere. A replace inside the folder or to a published version passes the check.
 */
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import { cp, mkdir, readFile, symlink, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { FunctionBuilder } from '../../src/builder/index.js'
import { checkReplaces } from '../../src/builder/go-source-check.js'
import { DreamError } from '../../src/shared/errors.js'
import { silent } from '../../src/shared/log.js'
import { TEMPLATES, tempDir } from '../vm/functions.js'

const SECRET = 'TOPSECRET first line of a file the daemon can read'
const builder = new FunctionBuilder({ log: silent })
let tmp: Awaited<ReturnType<typeof tempDir>>
let secret: string

before(async () => {
  builder.start()
  tmp = await tempDir()
  secret = join(tmp.dir, 'secret.txt')
  await writeFile(secret, `${SECRET}\nsecond line\n`)
})
after(async () => {
  await builder.stop()
  await tmp.cleanup()
})

/** A repository with the ping_pong template of `language` at functions/kv; returns the repository and the folder. */
async function repoWith(name: string, language: 'assemblyscript' | 'go'): Promise<{ repo: string; fn: string }> {
  const repo = join(tmp.dir, name)
  const fn = join(repo, 'functions', 'kv')
  await mkdir(join(repo, 'functions'), { recursive: true })
  await cp(join(TEMPLATES, 'ping_pong', language), fn, { recursive: true })
  return { repo, fn }
}

/** Asserts the build of `fn` fails with `code` in one line naming `file`, and without the secret anywhere. */
async function refused(fn: string, code: string, file: string): Promise<void> {
  await assert.rejects(builder.build(fn, { sourcePrefix: 'functions/kv' }), (err: unknown) => {
    assert.ok(err instanceof DreamError, String(err))
    assert.equal(err.code, code, err.message)
    assert.ok(err.message.startsWith(`${file}`), err.message)
    assert.equal(err.message.split('\n').length, 1, err.message)
    assert.ok(!JSON.stringify(err, Object.getOwnPropertyNames(err)).includes('TOPSECRET'), err.message)
    return true
  })
}

test('an AssemblyScript import of a link to a file outside the repository fails naming the link', async () => {
  const { fn } = await repoWith('as-leak', 'assemblyscript')
  await symlink(secret, join(fn, 'leak.ts'))
  const entry = join(fn, 'ping_pong.ts')
  await writeFile(entry, `import "./leak";\n${await readFile(entry, 'utf8')}`)
  await refused(fn, 'BUILD_SOURCE_LINK', 'functions/kv/leak.ts')
})

test('a link on the way from the repository to the function folder fails naming it', async () => {
  const outside = await repoWith('as-outside', 'assemblyscript')
  const repo = join(tmp.dir, 'as-linked')
  await mkdir(repo)
  await symlink(join(outside.repo, 'functions'), join(repo, 'functions'))
  await refused(join(repo, 'functions', 'kv'), 'BUILD_SOURCE_LINK', 'functions is a symbolic link')
})

test('a FIFO in the function folder fails the build instead of hanging it', async () => {
  const { fn } = await repoWith('as-fifo', 'assemblyscript')
  execFileSync('mkfifo', [join(fn, 'pipe.ts')])
  await refused(fn, 'BUILD_SOURCE_LINK', 'functions/kv/pipe.ts is not a regular file')
})

test('a Go file or an embedded file that is a link fails naming it', async () => {
  const { fn } = await repoWith('go-leak', 'go')
  await symlink(secret, join(fn, 'leak.go'))
  await refused(fn, 'BUILD_SOURCE_LINK', 'functions/kv/leak.go')
  const other = await repoWith('go-embed', 'go')
  await mkdir(join(other.fn, 'static'))
  await symlink(secret, join(other.fn, 'static', 'page.html'))
  await writeFile(
    join(other.fn, 'embed.go'),
    'package lib\n\nimport "embed"\n\n//go:embed static\nvar static embed.FS\n'
  )
  await refused(other.fn, 'BUILD_SOURCE_LINK', 'functions/kv/static/page.html')
})

test('a go.mod replace naming a folder outside the function fails naming go.mod', async () => {
  for (const target of ['../../../outside', tmp.dir]) {
    const { fn } = await repoWith(`go-replace-${target.length}`, 'go')
    const mod = join(fn, 'go.mod')
    await writeFile(mod, `${await readFile(mod, 'utf8')}\nreplace github.com/taubyte/go-sdk => ${target}\n`)
    await refused(fn, 'BUILD_SOURCE_OUTSIDE', 'functions/kv/go.mod: replace github.com/taubyte/go-sdk')
  }
})

test('an assembly #include of a file outside the function fails naming the file', async () => {
  const { fn } = await repoWith('go-include', 'go')
  await mkdir(join(fn, 'asm'))
  await writeFile(join(fn, 'asm', 'x.s'), `#include "textflag.h"\n#include "${secret}"\n`)
  await refused(fn, 'BUILD_SOURCE_OUTSIDE', 'functions/kv/asm/x.s: #include')
  await writeFile(join(fn, 'asm', 'x.s'), '#include "../../../../secret.txt"\n')
  await refused(fn, 'BUILD_SOURCE_OUTSIDE', 'functions/kv/asm/x.s: #include')
})

test('a replace inside the function folder or to a published version passes the check', () => {
  const replace = (path: string, version?: string) => ({
    Replace: [{ Old: { Path: 'example.com/m' }, New: { Path: path, ...(version ? { Version: version } : {}) } }]
  })
  for (const ok of [replace('./vendor/m'), replace('vendored/m'), replace('example.com/fork', 'v1.2.3')])
    assert.doesNotThrow(() => checkReplaces(ok, 'go.mod'))
  for (const bad of [replace('../m'), replace('./a/../../m'), replace('/etc'), replace('..')])
    assert.throws(
      () => checkReplaces(bad, 'go.mod'),
      (e: unknown) => e instanceof DreamError && e.code === 'BUILD_SOURCE_OUTSIDE'
    )
  assert.doesNotThrow(() => checkReplaces({ Replace: null }, 'go.mod'))
})
