/**
 * How many Go builds a machine runs at once: one per core (the compile of a function's package and its link are
 * mostly single-threaded once the build cache is warm), and no more than the free memory holds at GO_BUILD_MB each.
 */
import { availableParallelism, freemem } from 'node:os'

/** Peak RSS of one `go build` of a function (go, compile and link processes together), rounded up. */
const GO_BUILD_MB = 400

export function goParallelism(): number {
  const byMemory = Math.floor(freemem() / (GO_BUILD_MB * 1024 * 1024))
  return Math.max(1, Math.min(availableParallelism(), byMemory))
}
