/**
 * Builds a Go function (a directory with go.mod) with the standard toolchain into a WASI reactor:
 * `GOOS=wasip1 GOARCH=wasm go build -buildmode=c-shared`, which exports `_initialize` and every
 * `//go:wasmexport` function. Code written for Taubyte's TinyGo builds is adapted in a build copy (go-adapt.ts):
 * the function's own files, and every dependency module whose compiled files declare host imports TinyGo's way
 * (the SDK's `go-sdk-symbols`), which is adapted once per module version into `cacheDir/adapted/` and put in place
 * with a `replace`.
 * The module and build caches live under `cacheDir`, so a second build of the same code is mostly cache hits;
 * `-trimpath` keeps the build copy's random path out of the cache keys. Each build is a short-lived `go` process:
 * nothing stays resident between builds. Several builds run at once, as many as the machine has room for.
 */
import { spawn } from 'node:child_process'
import { createHash } from 'node:crypto'
import { chmod, cp, mkdir, mkdtemp, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises'
import { setPriority, tmpdir } from 'node:os'
import { basename, join, sep } from 'node:path'
import { BuildError, buildAborted } from '../shared/errors.js'
import { adaptDirectives, declaresMain, needsAdapting, packageName, renamePackage } from './go-adapt.js'
import { goDiagnostics } from './go-diagnostics.js'
import { checkReplaces, type GoModJson } from './go-source-check.js'
import { requireGo } from '../shared/go-toolchain.js'
import { BuildSlots } from './build-slots.js'
import { goParallelism } from './go-parallelism.js'

interface GoBuildOptions {
  signal?: AbortSignal
  /** The go on PATH's version when the caller knows it (else asked, requireGo). */
  goVersion?: string
  /** The function dir's path inside its repository, prefixed to file names in compile errors. */
  label?: string
  /** The function dir's path inside its repository, naming go.mod when one of its replaces is refused. */
  sourcePrefix?: string
}

interface GoRun {
  code: number
  stdout: string
  stderr: string
}

/** A package of the build graph, as `go list -deps` prints it with PACKAGE_FORMAT. */
interface DepPackage {
  module: string
  moduleDir: string
  main: boolean
  dir: string
  files: string[]
}
const PACKAGE_FORMAT =
  '{{if .Module}}' + '{{.Module.Path}}\t{{.Module.Dir}}\t{{.Module.Main}}\t{{.Dir}}\t{{join .GoFiles ","}}' + '{{end}}'
/**
 * Adapted copies of dependency modules, under the cache directory; the name changes with what adapting does
 * (2: `int` host-import parameters wrapped; 3: `[]byte` ones and declarations over several lines; 4: a func with a
 * body under an import's directives left a plain func), so that a copy made by an older adapter is not reused.
 */
const ADAPTED_DIR = 'adapted-4'

export class GoBuilder {
  readonly #cacheDir: string
  readonly #parallel: number | undefined
  #slots: BuildSlots | undefined
  /** Package folder in the module cache → whether its files use TinyGo directives. */
  readonly #needs = new Map<string, boolean>()

  /** `parallel`: builds at once, by default what the machine has room for (go-parallelism.ts). */
  constructor(o: { cacheDir: string; parallel?: number }) {
    this.#cacheDir = o.cacheDir
    this.#parallel = o.parallel
  }

  /** How many Go builds run at once; the others wait for a slot. Decided on first use, from the machine then. */
  get parallel(): number {
    return this.#buildSlots().size
  }

  async build(dir: string, step: (s: string) => void, o: GoBuildOptions = {}): Promise<Uint8Array> {
    return await this.#buildSlots().run(async () => await this.#build(dir, step, o), o.signal)
  }

  #buildSlots(): BuildSlots {
    this.#slots ??= new BuildSlots(this.#parallel ?? goParallelism())
    return this.#slots
  }

  #env(): NodeJS.ProcessEnv {
    return {
      ...process.env,
      GOOS: 'wasip1',
      GOARCH: 'wasm',
      CGO_ENABLED: '0',
      GOMODCACHE: join(this.#cacheDir, 'mod'),
      GOCACHE: join(this.#cacheDir, 'build'),
      GOPATH: join(this.#cacheDir, 'path'),
      // Never download another toolchain for a go.mod's `toolchain` line; a missing go.sum is filled in.
      GOTOOLCHAIN: 'local',
      GOFLAGS: '-mod=mod',
      GOWORK: 'off'
    }
  }

  async #build(dir: string, step: (s: string) => void, o: GoBuildOptions): Promise<Uint8Array> {
    if (o.signal?.aborted === true) throw buildAborted()
    const version = o.goVersion ?? (await requireGo()).version
    const work = await mkdtemp(join(tmpdir(), 'dream-go-'))
    try {
      const copy = join(work, 'src')
      await cp(dir, copy, { recursive: true, filter: p => !p.endsWith('/.git') })
      await this.#checkReplaces(copy, o)
      const adapted = await adaptMainModule(copy)
      const which = adapted.length > 0 ? ` (${adapted.join(', ')})` : ''
      step(`go: ${version}; adapted ${adapted.length} file(s) of the function for standard Go${which}`)
      const deps = await this.#go(['list', '-e', '-deps', '-f', PACKAGE_FORMAT, '.'], copy, o.signal)
      if (deps.code !== 0) {
        const why = deps.stderr.trim()
        throw new BuildError('BUILD_GO_MODULES', `resolving the modules of ${o.label ?? basename(dir)} failed:\n${why}`)
      }
      const replaced = await this.#adaptDependencies(copy, parseDeps(deps.stdout), o.signal)
      if (replaced.length > 0) step(`go: host imports adapted in ${replaced.join(', ')}`)
      const out = join(work, 'main.wasm')
      const t0 = performance.now()
      const r = await this.#go(['build', '-trimpath', '-buildmode=c-shared', '-o', out, '.'], copy, o.signal)
      if (r.code !== 0) {
        const diags = goDiagnostics(r.stderr, o.label)
        const text = diags.length > 0 ? diags.join('\n') : r.stderr.trim()
        for (const l of text.split('\n')) step(`compiler: ${l}`)
        throw new BuildError('BUILD_COMPILE', `compiling ${o.label ?? basename(dir)} failed:\n${text}`)
      }
      const bytes = await readFile(out)
      step(`go build in ${Math.round(performance.now() - t0)} ms: ${bytes.byteLength} bytes`)
      return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength)
    } finally {
      await rm(work, { recursive: true, force: true })
    }
  }

  /** Refuses a go.mod replace that names a folder outside the function's (go-source-check.ts). */
  async #checkReplaces(copy: string, o: GoBuildOptions): Promise<void> {
    const mod = await this.#go(['mod', 'edit', '-json'], copy, o.signal)
    const goMod = `${o.sourcePrefix ?? o.label ?? '.'}/go.mod`
    if (mod.code !== 0) throw new BuildError('BUILD_GO_MODULES', `reading ${goMod} failed: ${mod.stderr.trim()}`)
    checkReplaces(JSON.parse(mod.stdout) as GoModJson, goMod)
  }

  /** Copies and adapts each dependency module whose compiled files use TinyGo directives; returns their paths. */
  async #adaptDependencies(copy: string, deps: DepPackage[], signal?: AbortSignal): Promise<string[]> {
    const modules = new Map<string, string>()
    for (const p of deps) {
      if (p.main || modules.has(p.module)) continue
      if (await this.#packageNeedsAdapting(p)) modules.set(p.module, p.moduleDir)
    }
    const replaces: Array<[string, string]> = []
    for (const [path, moduleDir] of modules) replaces.push([path, await this.#adaptedModule(moduleDir)])
    if (replaces.length === 0) return []
    const goMod = join(copy, 'go.mod')
    const text = await readFile(goMod, 'utf8')
    if (!/^\s*replace\b/m.test(text)) {
      // No replace of its own: the lines go at the end (what `go mod edit -replace` would write, without a process).
      await writeFile(goMod, `${text}\n${replaces.map(([p, d]) => `replace ${p} => ${d}\n`).join('')}`)
    } else {
      for (const [path, dir] of replaces) {
        const r = await this.#go(['mod', 'edit', `-replace=${path}=${dir}`], copy, signal)
        if (r.code !== 0) {
          throw new BuildError('BUILD_GO_MODULES', `go mod edit -replace ${path} failed: ${r.stderr.trim()}`)
        }
      }
    }
    return [...modules.keys()]
  }

  /** Whether a package's compiled files use TinyGo directives; known once per package of the module cache. */
  async #packageNeedsAdapting(p: DepPackage): Promise<boolean> {
    // The module cache never changes a version's files; a package elsewhere (a local replace) is read each time.
    const immutable = p.dir.startsWith(join(this.#cacheDir, 'mod') + sep)
    const known = immutable ? this.#needs.get(p.dir) : undefined
    if (known !== undefined) return known
    let needs = false
    for (const f of p.files) {
      if (needsAdapting(await readFile(join(p.dir, f), 'utf8'))) {
        needs = true
        break
      }
    }
    if (immutable) this.#needs.set(p.dir, needs)
    return needs
  }

  /**
   * An adapted copy of a dependency module, made once per module version under the cache directory (its module
   * cache folder names the version, and its files never change) and shared by every later build.
   */
  async #adaptedModule(moduleDir: string): Promise<string> {
    const name = createHash('sha256').update(moduleDir).digest('hex').slice(0, 32)
    const to = join(this.#cacheDir, ADAPTED_DIR, name)
    if (await exists(join(to, 'go.mod'))) return to
    await mkdir(join(this.#cacheDir, ADAPTED_DIR), { recursive: true })
    // Made aside and renamed into place: a build running at the same time sees the whole copy or none.
    const tmp = await mkdtemp(join(this.#cacheDir, ADAPTED_DIR, `.${name}-`))
    try {
      await cp(moduleDir, tmp, { recursive: true })
      await adaptTree(tmp)
      await rename(tmp, to).catch(async (err: unknown) => {
        if (!(await exists(join(to, 'go.mod')))) throw err
      })
    } finally {
      await rm(tmp, { recursive: true, force: true })
    }
    return to
  }

  #go(args: string[], cwd: string, signal?: AbortSignal): Promise<GoRun> {
    return new Promise((resolve, reject) => {
      const child = spawn('go', args, { cwd, env: this.#env(), stdio: ['ignore', 'pipe', 'pipe'], signal })
      // Builds are background work: they must not take CPU from the nodes serving requests.
      if (child.pid !== undefined) {
        try {
          setPriority(child.pid, 19)
        } catch {}
      }
      let stdout = ''
      let stderr = ''
      child.stdout.setEncoding('utf8').on('data', (c: string) => {
        stdout += c
      })
      child.stderr.setEncoding('utf8').on('data', (c: string) => {
        stderr += c
      })
      child.on('error', err => {
        reject(
          signal?.aborted === true
            ? buildAborted()
            : new BuildError('BUILD_CRASH', `go ${args[0] ?? ''} failed to run: ${err.message}`)
        )
      })
      child.on('close', code => {
        resolve({ code: code ?? 1, stdout, stderr })
      })
    })
  }
}

function parseDeps(stdout: string): DepPackage[] {
  const out: DepPackage[] = []
  for (const line of stdout.split('\n')) {
    const [module, moduleDir, main, dir, files] = line.split('\t')
    if (module === undefined || moduleDir === undefined || dir === undefined || moduleDir === '') continue
    const names = files === undefined || files === '' ? [] : files.split(',')
    out.push({ module, moduleDir, main: main === 'true', dir, files: names })
  }
  return out
}

/** Adapts the function's own files; its root package becomes `main` with a `main` func. Returns changed files. */
async function adaptMainModule(root: string): Promise<string[]> {
  const changed = await adaptTree(root)
  const rootFiles = (await readdir(root)).filter(n => n.endsWith('.go') && !n.endsWith('_test.go'))
  const texts = await Promise.all(rootFiles.map(async n => ({ n, text: await readFile(join(root, n), 'utf8') })))
  let hasMain = false
  for (const { n, text } of texts) {
    let t = text
    if (packageName(t) !== 'main') {
      t = renamePackage(t, 'main')
      await writeFile(join(root, n), t)
      changed.push(n)
    }
    hasMain ||= declaresMain(t)
  }
  if (!hasMain && rootFiles.length > 0) {
    await writeFile(join(root, 'zz_dream_main.go'), 'package main\n\nfunc main() {}\n')
  }
  return [...new Set(changed)]
}

/** Adapts every .go file under `root` that uses TinyGo directives (skipping `.git` and adapted copies). */
async function adaptTree(root: string): Promise<string[]> {
  const changed: string[] = []
  const walk = async (rel: string): Promise<void> => {
    for (const e of await readdir(join(root, rel), { withFileTypes: true })) {
      const r = rel === '' ? e.name : `${rel}/${e.name}`
      if (e.isDirectory()) {
        // Module cache directories are read-only too; the copy must be removable after the build.
        await chmod(join(root, r), 0o755)
        if (e.name !== '.git' && e.name !== 'testdata') await walk(r)
        continue
      }
      if (!e.isFile() || !e.name.endsWith('.go')) continue
      const p = join(root, r)
      const text = await readFile(p, 'utf8')
      if (!needsAdapting(text)) continue
      await chmod(p, 0o644) // module cache files are read-only
      await writeFile(p, adaptDirectives(text))
      changed.push(r)
    }
  }
  await walk('')
  return changed
}

async function exists(p: string): Promise<boolean> {
  try {
    await stat(p)
    return true
  } catch {
    return false
  }
}
