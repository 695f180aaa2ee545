/** Messages between FunctionBuilder and its AssemblyScript compiler process (structured-clone safe). */
export interface CompileJob {
  id: number
  /** Absolute function directory; compiler paths are relative to it. */
  dir: string
  /** Entry file name relative to dir, e.g. `ping_pong.ts`. */
  entry: string
  /** Absolute directory of the guest SDK, served to the compiler as package `sdk`. */
  sdkDir: string
  /** Compiler argv (without the entry). */
  args: string[]
  /** The function dir's path in its repository (`functions/ping`): trap locations name files under it. */
  sourcePrefix?: string
}

export interface Diagnostic {
  category: 'error' | 'warning' | 'info'
  code: number
  message: string
  /** Relative to the function dir (`sdk/...` for SDK files), or undefined when the compiler gave no range. */
  file?: string
  line?: number
  column?: number
}

export interface CompileResult {
  id: number
  ok: boolean
  wasm?: Uint8Array
  diagnostics: Diagnostic[]
  /** Compiler stdout+stderr, colours off. */
  output: string
  /** Failure not tied to a diagnostic (crash in the compiler). */
  error?: string
  ms: number
}
