/**
 * Settings: the tunables (intervals, bounds, sizes, concurrency) a part takes in its init object instead of
 * reading module constants, so a test or a programmatic caller can set them (docs/ARCHITECTURE.md, "Settings").
 */

/** `defaults` with each field `init` sets; a field given as `undefined` keeps its default. */
export function withDefaults<T extends object>(defaults: T, init: Partial<T> = {}): T {
  const out: T = { ...defaults }
  for (const key of Object.keys(init) as (keyof T)[]) {
    const v = init[key]
    if (v !== undefined) out[key] = v as T[keyof T]
  }
  return out
}
