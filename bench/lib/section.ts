/**
 * What a benchmark section is: a file `bench/<name>.ts` exporting `run(ctx)` that resolves to rows. `bench/run.ts`
 * finds every section next to it, so adding one is adding a file.
 */

/** One measured quantity: its samples (one per run) and, where the project set one, an upper target. */
export interface Row {
  measure: string
  unit: 'ms' | 'µs' | 'MB' | 's' | 'req/s' | '×'
  samples: number[]
  /** Upper bound the median should stay under (for req/s: a lower bound, see `higherIsBetter`). */
  target?: number
  higherIsBetter?: boolean
  note?: string
}

export interface BenchContext {
  /** Runs per measure (5 unless --runs says otherwise). */
  runs: number
  /** Progress, to stderr: stdout carries only the results. */
  progress: (msg: string) => void
}

export interface Section {
  /** Shown above the section's rows. */
  title?: string
  /** Sections run in ascending order, then by name; default 100. */
  order?: number
  run: (ctx: BenchContext) => Promise<Row[]>
}

export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b)
  if (s.length === 0) return Number.NaN
  const mid = Math.floor(s.length / 2)
  return s.length % 2 === 1 ? (s[mid] ?? Number.NaN) : ((s[mid - 1] ?? 0) + (s[mid] ?? 0)) / 2
}

/** Milliseconds since `t0` (from performance.now()). */
export function since(t0: number): number {
  return performance.now() - t0
}
