/**
 * Builds a function directory (`.taubyte/config.yaml` + sources, see config.ts) into a wasm module. A committed
 * main.wasm/artifact.wasm wins; a directory with go.mod is a Go function (go-builder.ts, a `go` process per
 * build, several at once); otherwise the AssemblyScript entry is compiled in the compiler child process
 * (asc-compiler-process.ts), one compile at a time: asc compiles synchronously, so a second request to the same
 * process would only wait, and a second process would cost another ~230 MB. Every call builds; what decides
 * whether a build is needed at all is the content key (`contentKey`), which monkey keeps per succeeded build.
 */
import { stat } from 'node:fs/promises'
import { homedir } from 'node:os'
import { fileURLToPath } from 'node:url'
import { join, resolve } from 'node:path'
import { BuildError } from '../shared/errors.js'
import type { Logger } from '../shared/log.js'
import { readBuildConfig } from './config.js'
import { chooseEntry } from './entry.js'
import { readCommittedWasm } from './committed.js'
import { ascArgs, DEFAULT_CHOICE, type AscChoice } from './asc-args.js'
import { CompilerClient } from './compiler-client.js'
import { compileFailureText, formatDiagnostic } from './diagnostics.js'
import { hashTree } from './tree-hash.js'
import { GoBuilder } from './go-builder.js'
import { requireGo } from '../shared/go-toolchain.js'
import { checkImports } from './import-check.js'
import { checkAsmIncludes } from './go-source-check.js'
import { checkSourceTree } from './source-tree.js'

export interface FunctionBuilderOptions {
  log: Logger
  /** Guest SDK served as package `sdk`; default <package root>/templates/sdk. */
  sdkDir?: string
  /** Compiler trade-offs (runtime, optimisation); the defaults are measured, see asc-args.ts. */
  asc?: Partial<AscChoice>
  /** How long the AssemblyScript compiler process stays after its last build (default 15 s, compiler-client.ts). */
  compilerIdleMs?: number
  /** Go builds at once; default one per core, fewer when memory is short (go-parallelism.ts). */
  goParallel?: number
  /** Go module and build caches; default ~/.cache/dream/go (shared by every universe: a warm cache is the point). */
  goCacheDir?: string
}

export interface BuildOutput {
  wasm: Uint8Array
  log: string[]
}

// dist/src/builder/ -> package root (3 up); also right for src/builder/ run through a TS loader (2 up + ..).
function defaultSdkDir(): string {
  const here = fileURLToPath(new URL('.', import.meta.url))
  const up = here.includes('/dist/') ? '../../..' : '../..'
  return resolve(here, up, 'templates/sdk')
}

export class FunctionBuilder {
  readonly #log: Logger
  readonly #sdkDir: string
  readonly #args: string[]
  readonly #compiler: CompilerClient
  readonly #go: GoBuilder
  #sdkHash: Promise<string> | undefined
  #goAsked: { version: Promise<string>; at: number } | undefined

  constructor(o: FunctionBuilderOptions) {
    this.#log = o.log
    this.#sdkDir = resolve(o.sdkDir ?? defaultSdkDir())
    this.#args = ascArgs({ ...DEFAULT_CHOICE, ...o.asc })
    this.#compiler = new CompilerClient({ ...(o.compilerIdleMs !== undefined ? { idleMs: o.compilerIdleMs } : {}) })
    this.#go = new GoBuilder({
      cacheDir: o.goCacheDir ?? join(homedir(), '.cache', 'dream', 'go'),
      ...(o.goParallel !== undefined ? { parallel: o.goParallel } : {})
    })
  }

  /**
   * Readies the builder. The AssemblyScript compiler process starts with the first AssemblyScript build, or now
   * with `warm`: then it also builds the ping_pong template (a first compile in a process is ~3× slower than later
   * ones), an ordinary queued build whose result is dropped, after which the process idles out like any other.
   */
  start(o: { warm?: boolean } = {}): void {
    this.#compiler.start({ spawn: o.warm === true })
    if (o.warm === true) {
      void this.build(resolve(this.#sdkDir, '..', 'ping_pong', 'assemblyscript')).catch(() => {})
    }
  }

  /** True while the AssemblyScript compiler process is alive (it ends when idle; Go builds leave nothing). */
  get compilerResident(): boolean {
    return this.#compiler.resident
  }

  /** How many Go builds run at once (AssemblyScript compiles run one at a time). */
  get goParallel(): number {
    return this.#go.parallel
  }

  /**
   * What decides the module a build of `dir` gives: its files and the toolchain's inputs (tree-hash.ts), and
   * `sourcePrefix`, which the module's trap locations carry. Equal keys give equal modules.
   */
  async contentKey(dir: string, o: { sourcePrefix?: string } = {}): Promise<string> {
    const abs = resolve(dir)
    return await hashTree(abs, [...(await this.#inputs(await isFile(join(abs, 'go.mod')))), o.sourcePrefix ?? ''])
  }

  /** The version of the go on PATH (requireGo), asked again once GO_VERSION_TTL_MS old. */
  async #goVersion(): Promise<string> {
    const now = performance.now()
    if (this.#goAsked === undefined || now - this.#goAsked.at > GO_VERSION_TTL_MS) {
      const version = requireGo().then(g => g.version)
      // A failure is not kept: the next call asks again.
      version.catch(() => {
        if (this.#goAsked?.version === version) this.#goAsked = undefined
      })
      this.#goAsked = { version, at: now }
    }
    return await this.#goAsked.version
  }

  /** Stops the compiler process; queued and running builds reject with BUILDER_STOPPED. */
  async stop(): Promise<void> {
    await this.#compiler.stop()
  }

  /**
   * `label`: the function dir's path in its repository, used to name files in compile errors. `sourcePrefix`: the
   * same path, which an AssemblyScript trap's location names files under (src/vm/trap-location.ts).
   */
  async build(
    dir: string,
    opts: { signal?: AbortSignal; label?: string; sourcePrefix?: string } = {}
  ): Promise<BuildOutput> {
    const t0 = performance.now()
    const abs = resolve(dir)
    const lines: string[] = []
    const step = (s: string): void => {
      lines.push(s)
      this.#log.debug(s)
    }

    // Before anything reads the folder: no link out of it, nothing but regular files (source-tree.ts).
    const files = await checkSourceTree(abs, opts.sourcePrefix)
    const config = await readBuildConfig(abs)
    step(`config: ${config.path} (image ${config.image || '-'}, workflow [${config.workflow.join(', ')}])`)

    const committed = await readCommittedWasm(abs)
    if (committed !== undefined) {
      step(`artifact: committed ${committed.name} taken as is (${committed.wasm.byteLength} bytes)`)
      return { wasm: committed.wasm, log: lines }
    }

    const isGo = await isFile(join(abs, 'go.mod'))
    const done = (wasm: Uint8Array): BuildOutput => {
      step(`done in ${Math.round(performance.now() - t0)} ms`)
      return { wasm, log: lines }
    }

    if (isGo) {
      await checkAsmIncludes(abs, files, opts.sourcePrefix ?? '')
      const wasm = await this.#go.build(abs, step, { ...opts, goVersion: await this.#goVersion() })
      checkImports(wasm, opts.label ?? abs)
      return done(wasm)
    }

    const entry = await chooseEntry(abs)
    step(`entry: ${entry}`)
    step(`compiler: asc ${entry} ${this.#args.join(' ')} (sdk: ${this.#sdkDir})`)
    const r = await this.#compiler.compile(
      { dir: abs, entry, sdkDir: this.#sdkDir, args: this.#args, sourcePrefix: opts.sourcePrefix },
      opts.signal
    )
    for (const d of r.diagnostics) step(`compiler: ${formatDiagnostic(d)}`)
    if (r.diagnostics.length === 0 && r.output.trim() !== '') step(`compiler output: ${r.output.trim()}`)
    if (!r.ok || r.wasm === undefined) {
      const text = compileFailureText(r)
      step(`failed after ${Math.round(performance.now() - t0)} ms`)
      throw new BuildError('BUILD_COMPILE', `compiling ${entry} failed:\n${text}`, { cause: { log: lines } })
    }
    step(`compiled in ${Math.round(r.ms)} ms: ${r.wasm.byteLength} bytes`)
    checkImports(r.wasm, opts.label ?? entry)
    return done(r.wasm)
  }

  /** What decides a build's output besides the function's files. */
  async #inputs(isGo: boolean): Promise<string[]> {
    if (isGo) return ['go', await this.#goVersion()]
    this.#sdkHash ??= hashTree(this.#sdkDir)
    return ['asc', ...this.#args, await this.#sdkHash]
  }
}

/**
 * How long the Go version found on PATH is taken as known: the keys of one job's functions, computed together, ask
 * once, and a Go installed or upgraded meanwhile is seen by the next job.
 */
const GO_VERSION_TTL_MS = 10_000

async function isFile(p: string): Promise<boolean> {
  try {
    return (await stat(p)).isFile()
  } catch {
    return false
  }
}
