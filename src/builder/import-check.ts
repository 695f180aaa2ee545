/**
 * A built module may import only what the function host provides: `taubyte/sdk`, the `env` functions of the host
 * modules (src/vm/host-modules.ts) and WASI preview 1. Anything else would load nowhere, so the build fails now,
 * naming the import, instead of every request failing later. AssemblyScript's `console.log` is the usual case: it
 * imports `env.console.log`, which only a JavaScript page or Node's loader provides.
 */
import { BuildError } from '../shared/errors.js'
import { HOST_MODULES, providersOf } from '../vm/host-modules.js'
import { readImports } from '../vm/read-imports.js'

const ENV_NAMES = HOST_MODULES.flatMap(m => (m.module === 'env' ? m.imports.map(n => `env.${n}`) : []))

function why(module: string, name: string): string | undefined {
  if (module === 'taubyte/sdk' || module === 'wasi_snapshot_preview1') return undefined
  if (providersOf(module, name).length > 0) return undefined
  if (module === 'env' && name.startsWith('console.')) {
    return (
      `imports env.${name} (AssemblyScript's console.${name.slice(8)}), which only a JavaScript host ` +
      'provides; log with `log` from "sdk" (env._log) instead'
    )
  }
  return (
    `imports ${module}.${name}, which the function host does not provide ` +
    `(it provides taubyte/sdk, ${ENV_NAMES.join(', ')} and wasi_snapshot_preview1)`
  )
}

export function checkImports(wasm: Uint8Array, label: string): void {
  const reasons = readImports(wasm).map(i => why(i.module, i.name))
  const problems = [...new Set(reasons.filter((s): s is string => s !== undefined))]
  if (problems.length > 0) throw new BuildError('BUILD_UNSUPPORTED_IMPORT', `${label} ${problems.join('; ')}`)
}
