/**
 * Shared fixtures for the compiler tests: a minimal valid project and a way to add files to it.
 */
import { fileURLToPath } from 'node:url'
import assert from 'node:assert/strict'
import { ConfigBuildError } from '../../src/compiler/index.js'

/** Project id whose last 8 chars (`abcd1234`) generated domains must contain. */
export const P = 'QmTz6X9hTn18fpKxrnbE3BvmkZHy3r1mRyHzfXABCD1234'
export const NET = 'blackhole.localtau'

/** Absolute path of a sample repo under test/data/config (tests run from dist/test/compiler). */
export function dataDir(name: string): string {
  return fileURLToPath(new URL(`../../../test/data/config/${name}`, import.meta.url))
}

const CONFIG = `id: ${P}\nname: demo\ndescription: demo project\n`

/** A repo with config.yaml plus `extra` files (dedented YAML literals). */
export function repo(extra: Record<string, string> = {}, config = CONFIG): Map<string, string> {
  const m = new Map<string, string>([['config.yaml', config]])
  for (const [k, v] of Object.entries(extra)) m.set(k, dedent(v))
  return m
}

function dedent(s: string): string {
  const lines = s.replace(/^\n/, '').split('\n')
  const indent = Math.min(...lines.filter(l => l.trim() !== '').map(l => /^ */.exec(l)?.[0].length ?? 0))
  return lines.map(l => l.slice(indent)).join('\n')
}

/** Runs `fn`, asserts it throws a ConfigBuildError and returns it. */
export function buildError(fn: () => unknown): ConfigBuildError {
  try {
    fn()
  } catch (e) {
    assert.ok(e instanceof ConfigBuildError, `expected ConfigBuildError, got ${String(e)}`)
    return e
  }
  assert.fail('expected the build to fail')
}
