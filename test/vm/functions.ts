/**
 * Paths to function sources for tests. Test functions live in test/data/functions/<name>/<name>.ts (AssemblyScript;
 * tsconfig.json excludes test/data/ so tsc leaves them alone); `materialise` copies one to a temp dir.
 */
import { cp, mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { FunctionBuilder } from '../../src/builder/index.js'
import { silent } from '../../src/shared/log.js'

// dist/test/vm/ -> package root
export const ROOT = resolve(fileURLToPath(new URL('.', import.meta.url)), '../../..')
export const TEMPLATES = join(ROOT, 'templates')
export const templateCode = (name: string): string => join(TEMPLATES, name, 'assemblyscript')

export async function tempDir(): Promise<{ dir: string; cleanup: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'dream-fn-'))
  return {
    dir,
    cleanup: async () => {
      await rm(dir, { recursive: true, force: true })
    }
  }
}

/** Copies test/data/functions/<name> into `parent`/<name> (a build writes into the function's folder). */
export async function materialise(name: string, parent: string): Promise<string> {
  const to = join(parent, name)
  await cp(join(ROOT, 'test/data/functions', name), to, { recursive: true })
  return to
}

/** Builds test/data/functions/<name> in a copy under `parent` with a builder of its own, stopped after. */
export async function buildTestFunction(name: string, parent: string): Promise<Uint8Array> {
  const builder = new FunctionBuilder({ log: silent })
  builder.start()
  try {
    return (await builder.build(await materialise(name, parent))).wasm
  } finally {
    await builder.stop()
  }
}
