/** Reading a function's build config (`.taubyte/config.yaml`, or the legacy `taubyte/config.yaml`). */
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { parse } from 'yaml'
import { BuildError, errorMessage } from '../shared/errors.js'

export interface BuildConfig {
  /** Path the config was read from (relative to the function dir). */
  path: string
  version: string
  image: string
  variables: Record<string, string>
  workflow: string[]
}

const CANDIDATES = ['.taubyte/config.yaml', 'taubyte/config.yaml'] // the second is tau's legacy layout

async function readFirst(dir: string): Promise<{ path: string; text: string } | undefined> {
  for (const path of CANDIDATES) {
    try {
      return { path, text: await readFile(join(dir, path), 'utf8') }
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT')
        throw new BuildError('BUILD_CONFIG', `cannot read ${join(dir, path)}: ${errorMessage(err)}`)
    }
  }
  return undefined
}

function asRecord(v: unknown): Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {}
}

export async function readBuildConfig(dir: string): Promise<BuildConfig> {
  const found = await readFirst(dir)
  if (found === undefined)
    throw new BuildError(
      'BUILD_CONFIG',
      `missing build config: ${join(dir, CANDIDATES[0] as string)} (or legacy taubyte/config.yaml) not found`
    )
  let doc: unknown
  try {
    doc = parse(found.text)
  } catch (err) {
    throw new BuildError('BUILD_CONFIG', `invalid YAML in ${join(dir, found.path)}: ${errorMessage(err)}`)
  }
  const root = asRecord(doc)
  // tau honours the legacy misspelling `enviroment:` when `environment.image` is empty.
  const env0 = asRecord(root.environment)
  const env = typeof env0.image === 'string' && env0.image !== '' ? env0 : { ...env0, ...asRecord(root.enviroment) }
  const variables: Record<string, string> = {}
  for (const [k, v] of Object.entries(asRecord(env.variables))) variables[k] = String(v)
  const workflow = Array.isArray(root.workflow) ? root.workflow.map(String) : []
  return {
    path: found.path,
    version: root.version === undefined ? '' : String(root.version),
    image: typeof env.image === 'string' ? env.image : '',
    variables,
    workflow
  }
}
