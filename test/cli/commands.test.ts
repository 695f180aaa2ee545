/**
 * The command registry's surface, in process and through the built executable: every command's `--help` ends
 * with examples, `new function --help` and `inject --help` list what exists (the templates folder, the fixtures
 * registry), completion offers those names and hides internal flags, and a `--daemon` child is given every
 * multiverse flag the command line had.
 */
import { describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { readdir } from 'node:fs/promises'
import { join } from 'node:path'
import { Writable } from 'node:stream'
import { Command, type CommandUnknownOpts } from '@commander-js/extra-typings'
import { FIXTURES } from '../../fixtures/index.js'
import type { CliContext } from '../../src/cli/define.js'
import { run } from '../../src/cli/main.js'
import { daemonArgs, withMultiverseFlags } from '../../src/cli/multiverse-flags.js'
import { buildProgram } from '../../src/cli/program.js'
import { packageRoot } from '../../src/shared/package-root.js'
import { bashCompletes } from '../helpers/cli.js'
import { SERVICES } from '../../src/services/types.js'

/** Runs the CLI in this process and returns its exit code and what it wrote. */
async function dream(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = ''
  let err = ''
  const sink = (add: (s: string) => void): Writable =>
    new Writable({
      write(chunk, _enc, done) {
        add(String(chunk))
        done()
      }
    })
  const code = await run(['node', 'dream', ...args], { out: sink(s => (out += s)), err: sink(s => (err += s)) })
  return { code, out, err }
}

/** Every command path of the program, itself and the `new` group included. */
function paths(c: CommandUnknownOpts, path: string[] = []): string[][] {
  return [path, ...c.commands.flatMap(s => paths(s, [...path, s.name()]))]
}

describe('help', { timeout: 60_000 }, () => {
  test('every command’s --help ends with one or two examples', async () => {
    const sink = new Writable({ write: (_c, _e, done) => done() })
    const all = paths(buildProgram({ out: sink, err: sink }, () => {}))
    assert.ok(all.length >= 20, all.join('\n'))
    for (const path of all) {
      const r = await dream(...path, '--help')
      assert.equal(r.code, 0, `${path.join(' ')}: ${r.err}`)
      const examples = r.out.split('\nExamples:\n')[1]?.trimEnd().split('\n') ?? []
      assert.ok(examples.length >= 1 && examples.length <= 2, `dream ${path.join(' ')} --help:\n${r.out}`)
      for (const e of examples) assert.match(e, /^ {2}\$ (dream|source|dream completion) /)
    }
  })

  test('new function --help lists every template of the templates folder', async () => {
    const dir = join(packageRoot(), 'templates')
    const templates: string[] = []
    for (const e of await readdir(dir, { withFileTypes: true })) {
      if (e.isDirectory() && (await readdir(join(dir, e.name))).includes('template.yaml')) templates.push(e.name)
    }
    assert.ok(templates.length >= 6, templates.join(', '))
    const r = await dream('new', 'function', '--help')
    assert.equal(r.code, 0, r.err)
    const listed = /^Templates: (.*)$/m.exec(r.out)?.[1]?.split(', ') ?? []
    assert.deepEqual(listed.toSorted(), templates.toSorted())
  })

  test('inject --help lists every fixture of the registry', async () => {
    const r = await dream('inject', '--help')
    assert.equal(r.code, 0, r.err)
    for (const name of Object.keys(FIXTURES)) assert.match(r.out, new RegExp(`^ {2}${name} `, 'm'))
  })
})

describe('completion', { timeout: 60_000 }, () => {
  test('bash offers templates, fixtures and services, and hides internal flags', async () => {
    const script = (await dream('completion', 'bash')).out
    const complete = async (...ws: string[]): Promise<string[]> => await bashCompletes(script, ...ws)
    assert.deepEqual(await complete('dream', 'new', 'function', 'x', '--template', 'pi'), ['ping_pong'])
    assert.ok((await complete('dream', 'new', 'function', 'x', '--template', '')).includes('p2p_echo'))
    assert.deepEqual(await complete('dream', 'new', 'website', 'x', '--template', 'st'), ['static'])
    const inject = await complete('dream', 'inject', '')
    for (const w of [...Object.keys(FIXTURES), ...SERVICES, 'simple', 'services']) assert.ok(inject.includes(w), w)
    assert.deepEqual(await complete('dream', 'kill', 'hoa'), ['hoarder'])
    assert.ok((await complete('dream', 'new', 'multiverse', '--fixtures', '')).includes('fake-project'))
    assert.ok((await complete('dream', 'new', 'multiverse', '--enable', '')).includes('substrate'))
    const flags = await complete('dream', 'new', 'multiverse', '--')
    assert.ok(flags.includes('--allow-origin') && flags.includes('--daemon'), flags.join(' '))
    for (const hidden of ['--pid-file', '--no-parent-watch', '--public']) assert.ok(!flags.includes(hidden), hidden)
    assert.ok(!(await complete('dream', 'pro')).includes('project-names'), 'hidden commands are not offered')
  })

  test('projects come from the running dream; none (and no error) when none runs', async () => {
    const script = (await dream('completion', 'bash')).out
    assert.match(script, /--project"\) dream project-names/)
    const r = await dream('--api-port', '1', 'project-names')
    assert.deepEqual(r, { code: 0, out: '', err: '' })
  })

  test('fish offers the same names', async () => {
    const fish = (await dream('completion', 'fish')).out
    assert.match(fish, /-l template -xa '.*ping_pong.*'/)
    assert.match(fish, /-l project -xa '\(dream project-names 2>\/dev\/null\)'/)
    assert.match(fish, /__fish_seen_subcommand_from inject' -a push-all$/m)
    assert.doesNotMatch(fish, /pid-file|parent-watch/)
  })
})

describe('the --daemon child’s command line', () => {
  const ctx = { apiPort: () => 4321, logLevel: () => 'debug' } as unknown as CliContext
  const parsed = (args: string[]) => {
    const cmd = withMultiverseFlags(new Command('multiverse').exitOverride())
    cmd.parse(args, { from: 'user' })
    return cmd
  }

  test('holds every flag given, so the child parses to the same options', () => {
    const given = [
      '-u',
      'a,b',
      '--disable',
      'seer',
      '--simples',
      'client',
      '--bind',
      'auth@5000',
      'tns@5001/http',
      '-b',
      'dev',
      '--fixtures',
      'fake-project',
      '--keep',
      '--no-webhooks',
      '--allow-origin',
      'http://page.test',
      'http://other.test',
      '--daemon'
    ]
    const here = parsed(given)
    const args = daemonArgs(here, ctx)
    assert.ok(args.includes('--allow-origin'), args.join(' '))
    assert.deepEqual(args.slice(-3), ['--api-port', '4321', '--verbose'])
    const child = parsed(args.slice(0, -1)).opts()
    const { daemon: _d, ...expected } = here.opts()
    assert.deepEqual(child, { ...expected, apiPort: '4321' })
  })

  test('leaves out what was not given, and the flags the child is given by --daemon itself', () => {
    const args = daemonArgs(parsed(['--daemon', '--pid-file', '/tmp/x', '--no-parent-watch']), ctx)
    assert.deepEqual(args, ['--api-port', '4321', '--verbose'])
  })
})
