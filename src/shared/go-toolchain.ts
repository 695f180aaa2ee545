/**
 * Finding the standard Go toolchain on PATH. Go functions are built with `GOOS=wasip1 -buildmode=c-shared` and
 * `//go:wasmexport`, which Go has had since 1.24; an older or missing `go` is refused with what to do instead.
 */
import { execFile } from 'node:child_process'
import { BuildError } from './errors.js'

const MIN_GO: readonly [number, number] = [1, 24]

interface GoToolchain {
  version: string
}

/** `go1.26.8` -> [1, 26]; undefined for anything else (e.g. a devel build). */
function parseVersion(v: string): [number, number] | undefined {
  const m = /^go(\d+)\.(\d+)/.exec(v.trim())
  return m === null ? undefined : [Number(m[1]), Number(m[2])]
}

function goVersion(env: NodeJS.ProcessEnv): Promise<string | undefined> {
  return new Promise(resolve => {
    // GOTOOLCHAIN=local: report the go on PATH, never one it would download for a go.mod nearby.
    execFile('go', ['env', 'GOVERSION'], { env: { ...env, GOTOOLCHAIN: 'local' }, timeout: 30_000 }, (err, stdout) => {
      resolve(err === null ? stdout.trim() : undefined)
    })
  })
}

/** The go on PATH when it is recent enough, else a BuildError (code GO_TOOLCHAIN) saying what was found. */
export async function requireGo(env: NodeJS.ProcessEnv = process.env): Promise<GoToolchain> {
  const found = await goVersion(env)
  const parsed = found === undefined ? undefined : parseVersion(found)
  const ok = parsed !== undefined && (parsed[0] > MIN_GO[0] || (parsed[0] === MIN_GO[0] && parsed[1] >= MIN_GO[1]))
  if (found === undefined || !ok) {
    const want = `Go ${MIN_GO[0]}.${MIN_GO[1]} or later`
    throw new BuildError(
      'GO_TOOLCHAIN',
      `Go functions need ${want} on PATH (found ${found ?? 'none'}); install Go or use --language assemblyscript`
    )
  }
  return { version: found }
}
