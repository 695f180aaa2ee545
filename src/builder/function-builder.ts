/**
 * Builds an AssemblyScript function directory (`.taubyte/config.yaml` + sources, see config.ts) into a wasm module.
 * A committed main.wasm/artifact.wasm wins; otherwise the entry is compiled in a warm worker thread.
 */
import { fileURLToPath } from 'node:url'
import { resolve } from 'node:path'
import { BuildError } from '../shared/errors.js'
import type { Logger } from '../shared/log.js'
import { readBuildConfig } from './config.js'
import { chooseEntry } from './entry.js'
import { readCommittedWasm } from './committed.js'
import { ascArgs, DEFAULT_CHOICE, type AscChoice } from './asc-args.js'
import { CompilerClient } from './compiler-client.js'
import { compileFailureText, formatDiagnostic } from './diagnostics.js'

export interface FunctionBuilderOptions {
  log: Logger
  /** Guest SDK served as package `sdk`; default <package root>/templates/sdk. */
  sdkDir?: string
  /** Compiler trade-offs (runtime, optimisation); the defaults are measured, see asc-args.ts. */
  asc?: Partial<AscChoice>
}

export interface BuildOutput { wasm: Uint8Array, log: string[] }

// dist/src/builder/ -> package root (3 up); also right for src/builder/ run through a TS loader (2 up + ..).
function defaultSdkDir (): string {
  const here = fileURLToPath(new URL('.', import.meta.url))
  const up = here.includes('/dist/') ? '../../..' : '../..'
  return resolve(here, up, 'templates/sdk')
}

export class FunctionBuilder {
  private readonly log: Logger
  private readonly sdkDir: string
  private readonly args: string[]
  private readonly compiler = new CompilerClient()

  constructor (o: FunctionBuilderOptions) {
    this.log = o.log
    this.sdkDir = resolve(o.sdkDir ?? defaultSdkDir())
    this.args = ascArgs({ ...DEFAULT_CHOICE, ...o.asc })
  }

  /**
   * Starts the compiler (it loads asc in the background) and, unless told not to, warms it with a build of the
   * ping_pong template: a first compile in a process is ~3× slower than later ones, and the user's first build
   * should not pay for that. The warm-up is an ordinary queued build whose result is dropped.
   */
  start (o: { warm?: boolean } = {}): void {
    this.compiler.start()
    if (o.warm === true) {
      void this.build(resolve(this.sdkDir, '..', 'ping_pong', 'code')).catch(() => {})
    }
  }

  /** Stops the worker; queued and running builds reject with BUILDER_STOPPED. */
  async stop (): Promise<void> { await this.compiler.stop() }

  /** `sourcePrefix`: the dir's path in its repository (`functions/ping`), which trap locations name files under. */
  async build (dir: string, opts: { signal?: AbortSignal, sourcePrefix?: string } = {}): Promise<BuildOutput> {
    const t0 = performance.now()
    const abs = resolve(dir)
    const lines: string[] = []
    const step = (s: string): void => { lines.push(s); this.log.debug(s) }

    const config = await readBuildConfig(abs)
    step(`config: ${config.path} (image ${config.image || '-'}, workflow [${config.workflow.join(', ')}])`)

    const committed = await readCommittedWasm(abs)
    if (committed !== undefined) {
      step(`artifact: committed ${committed.name} taken as is (${committed.wasm.byteLength} bytes)`)
      return { wasm: committed.wasm, log: lines }
    }

    const entry = await chooseEntry(abs)
    step(`entry: ${entry}`)
    step(`compiler: asc ${entry} ${this.args.join(' ')} (sdk: ${this.sdkDir})`)
    const job = { dir: abs, entry, sdkDir: this.sdkDir, args: this.args, sourcePrefix: opts.sourcePrefix }
    const r = await this.compiler.compile(job, opts.signal)
    for (const d of r.diagnostics) step(`compiler: ${formatDiagnostic(d)}`)
    if (r.diagnostics.length === 0 && r.output.trim() !== '') step(`compiler output: ${r.output.trim()}`)
    if (!r.ok || r.wasm === undefined) {
      const text = compileFailureText(r)
      step(`failed after ${Math.round(performance.now() - t0)} ms`)
      throw new BuildError('BUILD_COMPILE', `compiling ${entry} failed:\n${text}`, { cause: { log: lines } })
    }
    step(`compiled in ${Math.round(r.ms)} ms: ${r.wasm.byteLength} bytes`)
    step(`done in ${Math.round(performance.now() - t0)} ms`)
    return { wasm: r.wasm, log: lines }
  }
}
